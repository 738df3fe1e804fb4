package io.shoplens.profile.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.EventIngest;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.profile.ProfileJob;
import io.shoplens.profile.ProfileOptions;
import io.shoplens.profile.ProfileReport;
import io.shoplens.profile.SmallCells;
import io.shoplens.profile.TagRules;
import io.shoplens.profile.synth.PersonaLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segmentation recovers the behaviour personas planted by {@link PersonaLog}: 2,000 users of five personas,
 * profiled on DuckDB, k chosen by silhouette in 2..8; the adjusted Rand index of segments against personas must be
 * at least 0.8.
 */
class PlantedPersonasTest {
    @TempDir
    Path dir;

    @Test
    void segmentsMatchPlantedPersonas() throws Exception {
        PersonaLog.Files3 log = PersonaLog.write(dir.resolve("log"), 2_000, 14, 20, 7);
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(log.events(), EventFormat.TAOBAO, log.items()),
                LoadOptions.defaults(dir.resolve("q")), dir.resolve("work"));
        ProfileReport r = ProfileJob.run(in, null, new ProfileJob.Config(
                ProfileOptions.of(AnalyticsOptions.defaults().withPrices(true)), TagRules.defaults(),
                SegmentParams.defaults(), null, new SmallCells(5)), dir.resolve("out"));
        Map<String, Integer> persona = new HashMap<>();
        for (String line : Files.readAllLines(log.personas()).subList(1, 2_001)) {
            String[] f = line.split(",");
            persona.put(f[0], Integer.parseInt(f[1]));
        }
        int[] truth = new int[persona.size()];
        int[] found = new int[persona.size()];
        int i = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CAST(user_id AS VARCHAR), segment FROM read_parquet('"
                     + dir.resolve("out/profiles.parquet").toAbsolutePath() + "')")) {
            while (rs.next()) {
                truth[i] = persona.get(rs.getString(1));
                found[i++] = rs.getInt(2);
            }
        }
        assertEquals(persona.size(), i);
        double ari = AdjustedRandIndex.of(truth, found);
        System.out.printf(Locale.ROOT, "planted personas: k = %d (silhouette %s), ARI = %.4f%n", r.model().k(),
                r.model().silhouettes(), ari);
        r.segments().forEach(s -> System.out.println("  segment " + s.id() + ": " + s.description()));
        assertEquals(PersonaLog.PERSONAS.size(), r.model().k());
        assertTrue(ari >= 0.8, "ARI " + ari);
        List<String> words = r.segments().stream().map(ProfileReport.Segment::description).toList();
        assertTrue(words.stream().anyMatch(w -> w.contains("active at night")), words.toString());
    }
}
