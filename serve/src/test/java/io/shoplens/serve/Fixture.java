package io.shoplens.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.recommend.Algorithms;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The serve tests' shared data, made once per test JVM under {@code target/serve-fixture}: a generated 5,000-event
 * Taobao-style log over 21 days, popularity and ItemKNN models trained on its leave-one-out train part (saved as
 * {@code models/*.model}), their evaluate-style JSON as the leaderboard, and a keys file with one key per role.
 */
final class Fixture {
    static final String READ_KEY = "sl_test-read-key";
    static final String INGEST_KEY = "sl_test-ingest-key";
    static final String ADMIN_KEY = "sl_test-admin-key";

    final Path dir;
    final Path events;
    final Path models;
    final Path keys;
    final Path leaderboard;
    final Dataset data;

    private static Fixture instance;

    private Fixture(Path dir) throws IOException {
        this.dir = dir;
        this.events = dir.resolve("events.csv");
        this.models = dir.resolve("models");
        this.keys = dir.resolve("keys.txt");
        this.leaderboard = dir.resolve("leaderboard.json");
        Files.createDirectories(models);
        new SyntheticLogGenerator(1).generate(GeneratorConfig.small(5_000, 300, 400, 20, 21, 8), events, null, null,
                null, null);
        data = DatasetLoader.load(DatasetLoader.Source.events(events, EventFormat.TAOBAO),
                LoadOptions.defaults(dir.resolve("quarantine")));
        Experiment e = new Experiment(data, Protocol.parse("loo-sampled-99"), 1);
        List<ExperimentReport> reports = new ArrayList<>();
        for (String name : List.of("popularity", "itemknn")) {
            Experiment.Outcome o = e.run(name, Algorithms.trainer(name, Map.of()), null);
            o.model().save(models.resolve(name + ModelSet.SUFFIX));
            reports.add(o.report());
        }
        new ObjectMapper().findAndRegisterModules().writeValue(leaderboard.toFile(), reports);
        Files.writeString(keys, "# test keys\n"
                + "reader read " + ApiKeys.sha256(READ_KEY) + "\n"
                + "ingester ingest " + ApiKeys.sha256(INGEST_KEY) + "\n"
                + "admin admin " + ApiKeys.sha256(ADMIN_KEY) + "\n");
    }

    /** The fixture, made on first use. */
    static synchronized Fixture get() throws IOException {
        if (instance == null) {
            Path dir = Path.of("target", "serve-fixture").toAbsolutePath();
            if (Files.exists(dir)) {
                try (var s = Files.walk(dir)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            instance = new Fixture(dir);
        }
        return instance;
    }

    /** Options for a server on a free port over this fixture, journal and work folder in {@code work}. */
    ServeOptions options(Path work) {
        return ServeOptions.parse(new String[] {"--data", events.toString(), "--format", "taobao", "--models",
                models.toString(), "--keys", keys.toString(), "--work", work.toString(), "--port", "0",
                "--leaderboard", leaderboard.toString(), "--default-model", "itemknn"});
    }

    /** A user of the log with the most events. */
    String activeUser() {
        int best = 0;
        for (int u = 1; u < data.events().numUsers(); u++) {
            if (data.events().userLength(u) > data.events().userLength(best)) {
                best = u;
            }
        }
        return data.events().users().externalId(best);
    }

    /** Minimal HTTP client for the tests. */
    static final class Http {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final String base;

        Http(int port) {
            base = "http://127.0.0.1:" + port;
        }

        HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
            if (key != null) {
                b.header("Authorization", "Bearer " + key);
            }
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String key, String body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
            if (key != null) {
                b.header("X-API-Key", key);
            }
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
