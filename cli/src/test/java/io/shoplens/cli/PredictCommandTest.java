package io.shoplens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
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
    void purchaseOnAGeneratedLogPrintsTheModelTableAgainstTheBaseline() throws Exception {
        Path json = dir.resolve("purchase.json");
        Result r = run("predict", "purchase", "--gen-events", "60000", "--gen-users", "1500", "--gen-items", "800",
                "--gen-categories", "20", "--gen-dir", dir.resolve("gen").toString(), "--learners", "logistic",
                "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("recency-rule (baseline)") && r.out().contains("protocol:"), r.out());
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, n.get("models").size());
        assertTrue(n.get("protocol").get("description").asText().contains("strictly before"));
    }

    @Test
    void priceAndItemCategoryRunOnAGeneratedCatalogue() {
        Result r = run("predict", "price", "--gen-items", "1500", "--gen-categories", "8", "--learners", "xgboost",
                "--param", "xgboost.rounds=60");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("category-median (baseline)") && r.out().contains("MAPE"), r.out());
        r = run("predict", "category", "--source", "items", "--gen-items", "1500", "--gen-categories", "8",
                "--param", "mlp.epochs=3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("majority-class (baseline)"), r.out());
    }

    @Test
    void badInputEndsWithOneLineAndExitCode2() {
        Result r = run("predict", "category", "--images", dir.resolve("nowhere").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("dataset-fashion-mnist"), r.err());
        r = run("predict", "purchase", "--gen-events", "20000", "--gen-users", "500", "--gen-items", "300",
                "--gen-categories", "10", "--gen-dir", dir.resolve("gen2").toString(), "--horizon", "4d");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("use a shorter --horizon"), r.err());
        r = run("predict", "purchase", "--param", "svm.c=1");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("svm.c"), r.err());
        r = run("predict", "forecast", "--gen-events", "20000", "--gen-users", "500", "--gen-items", "300",
                "--gen-categories", "10", "--gen-days", "20", "--gen-dir", dir.resolve("gen3").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("20 days"), r.err());
    }
}
