package io.shoplens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoplens.analytics.Query;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shoplens analyze} and {@code generate --parquet} end to end on DuckDB. */
class AnalyzeCommandTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void generatedLogIsAnalyzedFromCsvAndFromParquetAlike() throws Exception {
        Path log = Files.createDirectories(dir.resolve("gen")).resolve("events.csv.gz");
        Result g = run("generate", "--events", "20000", "--users", "300", "--items", "2000", "--categories", "40",
                "--out", log.toString(), "--parquet");
        assertEquals(0, g.code(), g.err());
        Path parquet = dir.resolve("gen/events.parquet");
        assertTrue(Files.isRegularFile(parquet), g.out());
        Path items = dir.resolve("gen/events-items.csv");
        Result a = run("analyze", "--events", log.toString(), "--items", items.toString(), "--out",
                dir.resolve("a").toString(), "--quarantine", dir.resolve("q").toString(), "--write-input");
        assertEquals(0, a.code(), a.err());
        assertTrue(Files.isRegularFile(dir.resolve("a/input/events.parquet")), "--write-input writes the input");
        assertTrue(Files.isRegularFile(dir.resolve("a/input/items.parquet")), "--write-input writes the catalogue");
        assertTrue(a.out().contains("funnel (users): viewed"), a.out());
        assertTrue(a.out().contains("RFM segments:"), a.out());
        for (Query q : Query.values()) {
            assertTrue(Files.isRegularFile(dir.resolve("a/" + q.table() + ".csv")), q.table());
            assertTrue(Files.isRegularFile(dir.resolve("a/" + q.table() + ".parquet")), q.table());
        }
        assertTrue(Files.readString(dir.resolve("a/report.html")).contains("page views per hour"));
        Result b = run("analyze", "--events", parquet.toString(), "--items", items.toString(), "--out",
                dir.resolve("b").toString(), "--quarantine", dir.resolve("q").toString());
        assertEquals(0, b.code(), b.err());
        assertTrue(Files.notExists(dir.resolve("b/input/events.parquet")), "DuckDB reads the log into memory");
        ObjectMapper m = new ObjectMapper();
        JsonNode ja = m.readTree(dir.resolve("a/analytics.json").toFile());
        JsonNode jb = m.readTree(dir.resolve("b/analytics.json").toFile());
        assertEquals(20000, ja.at("/input/events").asLong());
        assertEquals(ja.get("tables"), jb.get("tables"), "the CSV log and its Parquet copy give the same report");
    }

    @Test
    void rejectedRowsAreReportedAndTooManyFailInOneLine() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lines.add((i % 20) + "," + (i % 7) + ",5,pv," + (1_511_568_000L + 600L * i));
        }
        lines.add("1,2,3,pv");
        lines.add("1,2,3,teleport,1511568000");
        lines.add("u9,2,3,buy,1511568000");
        Path f = dir.resolve("log.csv");
        Files.write(f, lines);
        Result ok = run("analyze", "--events", f.toString(), "--out", dir.resolve("o").toString(), "--quarantine",
                dir.resolve("q").toString(), "--max-bad-ratio", "0.05");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("203 rows, 200 accepted, 3 rejected"), ok.out());
        assertTrue(ok.out().contains("expected N columns, found N=1") && ok.out().contains("unknown behaviour '…'=1"),
                ok.out());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("o/analytics.json").toFile());
        assertEquals(3, j.at("/input/rejectedRows").asLong());
        Result bad = run("analyze", "--events", f.toString(), "--out", dir.resolve("o2").toString(), "--quarantine",
                dir.resolve("q").toString());
        assertEquals(Main.BAD_INPUT, bad.code());
        assertTrue(bad.err().startsWith("shoplens: error: file ") && bad.err().contains("more than the allowed 1.00%"),
                bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }
}
