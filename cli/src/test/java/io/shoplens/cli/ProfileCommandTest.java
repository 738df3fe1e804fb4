package io.shoplens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shoplens profile} end to end on a small generated log. */
class ProfileCommandTest {
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
    void profilesSegmentsAndReportWithPseudonymousIds() throws Exception {
        Path log = Files.createDirectories(dir.resolve("gen")).resolve("events.csv.gz");
        Result g = run("generate", "--events", "20000", "--users", "300", "--items", "2000", "--categories", "40",
                "--out", log.toString());
        assertEquals(0, g.code(), g.err());
        Path items = dir.resolve("gen/events-items.csv");
        String[] base = {"profile", "--events", log.toString(), "--items", items.toString(), "--out",
            dir.resolve("p").toString(), "--quarantine", dir.resolve("q").toString(), "--segment-param", "kMax=4", "--propensity-horizon", "2d"};
        Result refused = run(base);
        assertEquals(Main.BAD_INPUT, refused.code(), refused.out());
        assertTrue(refused.err().contains("--no-pseudonymise"), refused.err());
        Path key = Files.writeString(dir.resolve("key.txt"), "a-test-key-of-enough-bytes\n");
        String[] withKey = java.util.Arrays.copyOf(base, base.length + 2);
        withKey[base.length] = "--pseudonym-key-file";
        withKey[base.length + 1] = key.toString();
        Result p = run(withKey);
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("users profiled"), p.out());
        assertTrue(p.out().contains("segment 0:"), p.out());
        for (String f : new String[] {"profiles.parquet", "profiles.csv", "profile.json", "segments.csv",
            "segments.json", "segment-model.bin", "report.html"}) {
            assertTrue(Files.isRegularFile(dir.resolve("p/" + f)), f);
        }
        String csv = Files.readString(dir.resolve("p/profiles.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",segment,propensity"), csv.substring(0, 400));
        String firstId = csv.lines().skip(1).findFirst().orElseThrow().split(",")[0];
        assertTrue(p.out().contains("purchase propensity within 2d"), p.out());
        assertEquals(32, firstId.length(), firstId);
        assertTrue(Files.readString(dir.resolve("p/report.html")).contains("Segments"));
    }

    @Test
    void audiencePrintsLiftForEveryStrategyAndWritesPseudonymousAudiences() throws Exception {
        Path log = Files.createDirectories(dir.resolve("gen")).resolve("events.csv.gz");
        assertEquals(0, run("generate", "--events", "40000", "--users", "800", "--items", "2000", "--categories",
                "20", "--out", log.toString()).code());
        String category;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT column2 FROM read_csv('" + log.toAbsolutePath()
                     + "', header = false) WHERE column3 = 'buy' GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1")) {
            rs.next();
            category = rs.getString(1);
        }
        Path key = Files.writeString(dir.resolve("key.txt"), "another-test-key-0123456789");
        Result a = run("audience", "--events", log.toString(), "--category", category, "--budget", "40,80",
                "--param", "rounds=50", "--param", "threads=1", "--out", dir.resolve("a").toString(),
                "--quarantine", dir.resolve("q").toString(), "--pseudonym-key-file", key.toString());
        assertEquals(0, a.code(), a.err());
        for (String s : new String[] {"propensity", "lookalike", "popularity", "random"}) {
            assertTrue(a.out().contains(s + " "), a.out());
        }
        assertTrue(a.out().contains("lift@budget"), a.out());
        List<String> audience = Files.readAllLines(dir.resolve("a/audience-propensity.csv"));
        assertEquals(41, audience.size());
        assertEquals(32, audience.get(1).split(",")[1].length(), audience.get(1));
        assertTrue(Files.isRegularFile(dir.resolve("a/audience.json")));
    }
}
