package io.shoplens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
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

    /** 200 users, each viewing 6 items of 50 in a user-specific stride, in SASRec layout. */
    private Path sequences() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int u = 1; u <= 200; u++) {
            for (int k = 0; k < 6; k++) {
                lines.add(u + " " + (1 + (u * 7 + k * (u % 5 + 1)) % 50));
            }
        }
        Path f = dir.resolve("seq.txt");
        Files.write(f, lines);
        return f;
    }

    @Test
    void aModelWhoseEstimateCannotFitIsRefusedInOneLineNamingTheFixAndOneThatFitsRuns() throws Exception {
        Path log = dir.resolve("gen/ev.csv");
        assertEquals(0, run("generate", "--events", "200000", "--users", "3000", "--items", "100000",
                "--categories", "50", "--out", log.toString()).code());
        Result refused = run("evaluate", "--data", log.toString(), "--protocol", "loo-full", "--model", "ease",
                "--no-baseline", "--param", "maxItems=0", "--param", "topK=0", "--quarantine", dir.resolve("q").toString());
        assertEquals(Main.BAD_INPUT, refused.code(), refused.err());
        String line = refused.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("shoplens: error: ease needs about "), line);
        assertTrue(line.matches(".*it fits with maxItems=\\d+, or a larger heap \\(SHOPLENS_JAVA_OPTS=-Xmx\\d+g\\).*"),
                line);
        Result fits = run("evaluate", "--data", log.toString(), "--protocol", "loo-full", "--model", "ease",
                "--no-baseline", "--param", "maxItems=500", "--param", "topK=0", "--eval-users", "300", "--quarantine",
                dir.resolve("q").toString());
        assertEquals(0, fits.code(), fits.err());
        assertTrue(fits.out().contains("300 sampled users per part"), fits.out());
        assertTrue(fits.out().contains("±95%"), fits.out());
    }

    @Test
    void benchScaleGeneratesALogInProportionAndTablesEveryModelAgainstPopularityOnTheSameSampledUsers()
            throws Exception {
        Path json = dir.resolve("scale.json");
        Result r = run("bench", "scale", "--events", "60000", "--cache", dir.resolve("cache").toString(), "--models",
                "itemknn,ials", "--param", "ials.iterations=3", "--eval-users", "200", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("200 sampled users per part"), r.out());
        assertTrue(r.out().contains("NDCG@10 / popularity"), r.out());
        assertTrue(r.out().contains("settings ials: {iterations=3, rank=64}"), r.out());
        assertTrue(r.out().contains("load average"), "the machine's load is stated beside the timings");
        JsonNode rows = new ObjectMapper().readTree(json.toFile()).get("models");
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode row : rows) {
            names.add(row.get("model").asText());
            assertEquals(200, row.get("report").get("protocol").get("test_users").asInt(), row.toString());
        }
        assertEquals(List.of("popularity", "itemknn", "ials"), names);
    }

    @Test
    void evaluateWritesTheReportWithItsProtocol() throws Exception {
        Path json = dir.resolve("out/report.json");
        Result r = run("evaluate", "--data", sequences().toString(), "--format", "sasrec", "--protocol",
                "loo-sampled-20", "--model", "itemknn", "--json", json.toString(), "--quarantine",
                dir.resolve("q").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("HR@10"), r.out());
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        for (String key : List.of("model", "params", "protocol", "dataset", "validation", "test", "train_seconds",
                "eval_seconds")) {
            assertTrue(n.has(key), "missing " + key + " in " + n);
        }
        assertEquals("loo-sampled-20", n.get("protocol").get("name").asText());
        assertEquals(200, n.get("dataset").get("users").asInt());
        assertEquals(64, n.get("dataset").get("sha256").asText().length());
        double hr = n.get("test").get("HR@10").asDouble();
        assertTrue(hr >= 0 && hr <= 1);
        assertEquals("popularity", n.get("baseline").get("model").asText(), "the baseline rides along");
    }

    @Test
    void severalModelsAndProtocolsEndInALeaderboardWithRoutedParams() throws Exception {
        Path json = dir.resolve("out/board.json");
        Result r = run("evaluate", "--data", sequences().toString(), "--format", "sasrec", "--protocol",
                "loo-sampled-20,loo-full", "--model", "itemknn,userknn", "--param", "itemknn.k=7", "--param",
                "shrink=3", "--json", json.toString(), "--quarantine", dir.resolve("q").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("leaderboard"), r.out());
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        assertEquals(6, n.size(), "3 models (with the baseline) x 2 protocols: " + n);
        Map<String, Double> trainSeconds = new HashMap<>();
        for (JsonNode report : n) {
            Double first = trainSeconds.putIfAbsent(report.get("model").asText(),
                    report.get("train_seconds").asDouble());
            if (first != null) {
                assertEquals(first, report.get("train_seconds").asDouble(), "one training per model for both "
                        + "protocols of the same split");
            }
            String model = report.get("model").asText();
            if (model.equals("itemknn")) {
                assertEquals("7", report.get("params").get("k").asText());
            }
            if (!model.equals("popularity")) {
                assertEquals(3.0, report.get("params").get("shrink").asDouble(), model);
            }
        }
        Result bad = run("evaluate", "--data", sequences().toString(), "--format", "sasrec", "--model",
                "itemknn,userknn", "--save-model", dir.resolve("m.bin").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--save-model needs exactly one --model"), bad.err());
    }

    @Test
    void badInputEndsWithOneLineAndExitCodeTwo() throws Exception {
        Result missing = run("evaluate", "--data", dir.resolve("nope.csv").toString());
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().contains("nope.csv") && missing.err().contains("does not exist"), missing.err());

        Result option = run("evaluate", "--data", "x.csv", "--bogus");
        assertEquals(2, option.code());
        assertTrue(option.err().contains("--bogus"), option.err());
        assertFalse(option.err().contains("at io.shoplens"), option.err());

        Result format = run("load", "--data", sequences().toString(), "--format", "csvish");
        assertEquals(2, format.code());
        assertTrue(format.err().contains("csvish") && format.err().contains("known formats"), format.err());

        Result model = run("evaluate", "--data", sequences().toString(), "--format", "sasrec", "--model", "magic");
        assertEquals(2, model.code());
        assertTrue(model.err().contains("magic"), model.err());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1,2,3,pv,1511658000\nx,2,3,pv,1511658000\n");
        Result ratio = run("load", "--data", bad.toString(), "--quarantine", dir.resolve("q").toString());
        assertEquals(2, ratio.code());
        assertTrue(ratio.err().contains("1 of 2 rows") && ratio.err().contains("rejected"), ratio.err());
        assertTrue(Files.exists(dir.resolve("q/bad.csv.rejected.tsv")));
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : List.of("demo", "evaluate", "tune", "load", "generate", "bench", "models")) {
            Result r = run(c, "--help");
            assertEquals(0, r.code(), c);
            assertTrue(r.out().startsWith("Usage: shoplens " + c), r.out());
        }
    }

    @Test
    void demoWritesSummaryAndReport() throws Exception {
        Path out = dir.resolve("demo");
        Result r = run("demo", "--out", out.toString(), "--events", "40000", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(3, summary.get("datasets").size());
        assertEquals(6, summary.get("datasets").get(1).get("rejected").asInt(), "the messy file has 6 bad rows");
        JsonNode board = summary.get("leaderboard");
        int models = io.shoplens.recommend.Algorithms.names().size();
        assertEquals(2 * models, board.size(), "every model under both protocols");
        for (int m = 0; m < models; m++) {
            JsonNode sampled = board.get(m);
            JsonNode full = board.get(models + m);
            assertEquals("loo-sampled-99", sampled.get("protocol").get("name").asText());
            assertEquals("loo-full", full.get("protocol").get("name").asText());
            assertEquals(sampled.get("model").asText(), full.get("model").asText());
            assertEquals(sampled.get("train_seconds").asDouble(), full.get("train_seconds").asDouble(),
                    "one trained model is evaluated under both protocols");
        }
        assertTrue(summary.get("profiles").get("users").asLong() > 500, summary.get("profiles").toString());
        assertTrue(summary.get("profiles").get("segments").asInt() >= 2, summary.get("profiles").toString());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Recommendation leaderboard") && html.contains("loo-sampled-99"), html);
        assertTrue(html.contains("profiles and segments") && Files.exists(out.resolve("profile/profiles.parquet")));
        assertTrue(Files.exists(out.resolve("quarantine/messy-events.csv.rejected.tsv")));
    }
}
