package io.shoplens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.analytics.AnalyticsReport;
import io.shoplens.analytics.EventIngest;
import io.shoplens.analytics.Query;
import io.shoplens.analytics.ResultTable;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer of {@code bench analytics} computes exactly Shoplens's tables, and the comparison sees a difference. */
class BenchAnalyticsTest {
    @TempDir
    static Path dir;
    static Path log;
    static Path parquet;
    static Path items;

    @BeforeAll
    static void generate() {
        log = dir.resolve("ev.csv.gz");
        items = dir.resolve("ev-items.csv");
        GenerateCommand.generate(GeneratorConfig.small(30_000, 400, 3_000, 50, 9, 7), log, items, null, null);
        parquet = dir.resolve("ev.parquet");
        EventIngest.generatedLogToParquet(log, parquet);
    }

    private static Map<String, BenchAnalytics.Digest> shoplens(Path events, Path catalogue, String out) {
        AnalyticsReport r = AnalyzeCommand.analyze(new EventIngest.Source(events, EventFormat.TAOBAO, catalogue),
                LoadOptions.defaults(dir.resolve("q")), "duckdb", null, null, 20, false, dir.resolve(out));
        Map<String, BenchAnalytics.Digest> d = new LinkedHashMap<>();
        r.tables().forEach((name, t) -> d.put(name, BenchAnalytics.Digest.of(
                t.columns().stream().map(ResultTable.Column::name).toList(), t.rows())));
        return d;
    }

    @Test
    void peerAndShoplensGiveIdenticalTablesFromCsvAndParquet() throws Exception {
        Map<String, BenchAnalytics.Digest> peer = BenchAnalytics.digests(RawDuckDbAnalytics.run(log, items));
        assertEquals(Query.values().length, peer.size());
        assertEquals(30_000L, ((Number) RawDuckDbAnalytics.run(parquet, null).get("overview").rows().get(0).get(0))
                .longValue());
        assertEquals(List.of(), BenchAnalytics.differingTables(peer, shoplens(log, items, "csv")));
        assertEquals(List.of(), BenchAnalytics.differingTables(peer, shoplens(parquet, items, "parquet")));
        assertEquals(List.of(), BenchAnalytics.differingTables(BenchAnalytics.digests(
                RawDuckDbAnalytics.run(parquet, null)), shoplens(log, null, "unpriced")));
    }

    @Test
    void comparisonNamesTheTablesThatDiffer() throws Exception {
        Map<String, BenchAnalytics.Digest> priced = BenchAnalytics.digests(RawDuckDbAnalytics.run(log, items));
        Map<String, BenchAnalytics.Digest> unpriced = BenchAnalytics.digests(RawDuckDbAnalytics.run(log, null));
        List<String> diff = BenchAnalytics.differingTables(priced, unpriced);
        assertTrue(diff.containsAll(List.of("top_items_by_sales", "rfm_users", "basket", "sales_daily")),
                diff.toString());
        assertTrue(!diff.contains("funnel") && !diff.contains("retention"), diff.toString());
        Map<String, BenchAnalytics.Digest> fewer = new LinkedHashMap<>(priced);
        fewer.remove("funnel");
        assertEquals(List.of("funnel"), BenchAnalytics.differingTables(priced, fewer));
    }
}
