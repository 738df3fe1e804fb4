package io.shoplens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.recommend.Algorithms;
import io.shoplens.recommend.precomputed.PrecomputedModel;
import io.shoplens.serve.ApiKeys;
import io.shoplens.serve.ServeOptions;
import io.shoplens.serve.ShoplensServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shoplens spark recommend --save-model} in local mode on a generated log, then {@code serve} answering
 * {@code /recommendations} and {@code /similar} over HTTP from the saved precomputed model. The job on a cluster
 * with HDFS is tested in the spark module ({@code SparkRecommendJobTest}).
 */
class SparkCommandTest {
    private static final String KEY = "sl_test-read-key";

    @TempDir
    Path dir;

    @Test
    void precomputedListsAreServedOverHttp() throws Exception {
        Path log = dir.resolve("events.csv");
        new SyntheticLogGenerator(1).generate(GeneratorConfig.small(4_000, 120, 250, 20, 9, 3), log, null, null,
                null, n -> { });
        Path models = Files.createDirectories(dir.resolve("models"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"spark", "recommend", "--data", log.toString(), "--out",
                dir.resolve("recs").toString(), "--master", "local[2]", "--k", "10", "--neighbours", "5",
                "--param", "rank=8", "--param", "iterations=5", "--param", "blocks=2", "--save-model",
                models.resolve("spark.model").toString(), "--quarantine", dir.resolve("q").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("120 user lists (0 shorter than 10)"), out.toString());
        PrecomputedModel model = (PrecomputedModel) Algorithms.load(models.resolve("spark.model"));

        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "reader read " + ApiKeys.sha256(KEY) + "\n");
        Dataset data = DatasetLoader.load(DatasetLoader.Source.events(log, EventFormat.TAOBAO),
                LoadOptions.defaults(dir.resolve("q2")));
        ServeOptions o = ServeOptions.parse(new String[] {"--data", log.toString(), "--format", "taobao",
                "--models", models.toString(), "--keys", keys.toString(), "--work", dir.resolve("work").toString(),
                "--port", "0"});
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        try (ShoplensServer server = ShoplensServer.start(o)) {
            String base = "http://127.0.0.1:" + server.port();
            int u = 0;
            String user = data.events().users().externalId(u);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/users/" + user
                    + "/recommendations?k=5&explain=true")).header("Authorization", "Bearer " + KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode j = json.readTree(r.body());
            assertEquals("spark", j.get("model").asText());
            List<String> expected = new ArrayList<>();
            for (ScoredItem s : model.list(u).subList(0, 5)) {
                expected.add(data.events().items().externalId(s.item()));
            }
            List<String> got = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i : data.events().userItems(u)) {
                seen.add(data.events().items().externalId(i));
            }
            for (JsonNode it : j.get("items")) {
                got.add(it.get("item").asText());
                assertFalse(seen.contains(it.get("item").asText()), "seen item served: " + it);
            }
            assertEquals(expected, got, "the served list is the precomputed one");
            assertTrue(r.body().contains("precomputed by Spark ALS at "), r.body());

            int item = model.list(u).get(0).item();
            HttpResponse<String> sim = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/items/"
                    + data.events().items().externalId(item) + "/similar?k=3")).header("Authorization", "Bearer "
                    + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sim.statusCode(), sim.body());
            List<String> neighbours = new ArrayList<>();
            for (JsonNode it : json.readTree(sim.body()).get("items")) {
                neighbours.add(it.get("item").asText());
            }
            List<String> want = new ArrayList<>();
            for (ScoredItem s : model.similarItems(item, 3)) {
                want.add(data.events().items().externalId(s.item()));
            }
            assertEquals(want, neighbours);
        }
    }
}
