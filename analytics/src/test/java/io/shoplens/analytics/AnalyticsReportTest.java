package io.shoplens.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written report: every table as CSV and typed Parquet equal to the computed one, and analytics.json. */
class AnalyticsReportTest {
    @Test
    void writesEveryTableAsCsvParquetAndJson(@TempDir Path dir) throws IOException, SQLException {
        List<String> lines = new ArrayList<>(Fixture.LINES);
        lines.add("1,10,100,clickk," + Fixture.D0);
        Path events = Fixture.write(dir, "events.csv", lines);
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(events, io.shoplens.core.io.EventFormat.TAOBAO,
                null), io.shoplens.core.io.LoadOptions.defaults(dir.resolve("q")).withMaxBadRatio(0.1),
                dir.resolve("work"));
        AnalyticsReport report;
        try (DuckDbEngine e = new DuckDbEngine(in, Fixture.utc(false))) {
            report = AnalyticsReport.run(e, in, Fixture.utc(false));
        }
        Path out = dir.resolve("out");
        report.write(out);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            for (Query q : Query.values()) {
                ResultTable t = report.table(q);
                assertTrue(Files.isRegularFile(out.resolve(q.table() + ".csv")), q.table());
                List<List<Object>> back = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet("
                        + EventIngest.literal(out.resolve(q.table() + ".parquet")) + ")")) {
                    for (int i = 0; i < t.columns().size(); i++) {
                        assertEquals(t.columns().get(i).type(),
                                ResultTable.typeOf(rs.getMetaData().getColumnTypeName(i + 1)), q.table());
                    }
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 0; i < t.columns().size(); i++) {
                            row.add(ResultTable.normalize(rs.getObject(i + 1), t.columns().get(i).type()));
                        }
                        back.add(row);
                    }
                }
                assertEquals(t.rows(), back, q.table());
            }
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("analytics.json").toFile());
        assertEquals("duckdb", json.get("engine").asText());
        assertEquals(16, json.at("/input/events").asLong());
        assertEquals(1, json.at("/input/rejectedRows").asLong());
        assertEquals(1, json.at("/input/files/0/rejectedByReason/unknown behaviour '…'").asLong());
        assertEquals(3, json.at("/tables/funnel/data/0/pv_users").asLong());
        assertEquals("2017-11-25", json.at("/tables/daily_traffic/data/0/day").asText());
        assertTrue(json.at("/tables/funnel_daily/data/2/cart_fav_to_buy").isNull());
        assertEquals(3, json.at("/tables/rfm_users/rows").asLong());
    }
}
