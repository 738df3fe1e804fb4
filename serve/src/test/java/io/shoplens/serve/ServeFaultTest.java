package io.shoplens.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash and swap faults: kill -9 during ingestion, and model swaps under load. */
class ServeFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Process startChild(Fixture fx, Path work) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ServeMain.class.getName()));
        cmd.addAll(List.of("--data", fx.events.toString(), "--models", fx.models.toString(), "--keys",
                fx.keys.toString(), "--work", work.toString(), "--port", "0", "--analytics", "false",
                "--profiling", "false"));
        Path log = work.resolve("server-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LOGS.put(p, log);
        return p;
    }

    private static final Map<Process, Path> LOGS = new ConcurrentHashMap<>();

    /** Waits (up to two minutes) until the child's log says its port. */
    private static int port(Process p) throws Exception {
        Path log = LOGS.get(p);
        for (int i = 0; i < 1_200 && p.isAlive(); i++) {
            for (String line : java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("listening on port ")) {
                    return Integer.parseInt(line.substring("listening on port ".length()).trim());
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server process did not start listening; its log:\n"
                + java.nio.file.Files.readString(log));
    }

    @Test
    void everyAcknowledgedEventSurvivesKillDashNine(@TempDir Path work) throws Exception {
        Fixture fx = Fixture.get();
        String[] items = new String[50];
        for (int i = 0; i < items.length; i++) {
            items[i] = fx.data.events().items().externalId(i);
        }
        Process p = startChild(fx, work);
        Map<String, Set<String>> acked = new ConcurrentHashMap<>();
        AtomicLong attempted = new AtomicLong();
        try {
            Fixture.Http http = new Fixture.Http(port(p));
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> posters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                posters.add(new Thread(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String user = "crash-" + id + "-" + (n % 7);
                        long time = 1_512_000_000L + id * 1_000_000L + n;
                        String item = items[n % items.length];
                        String body = "{\"user\":\"" + user + "\",\"item\":\"" + item + "\",\"behavior\":\"cart\","
                                + "\"time\":" + time + "}";
                        attempted.incrementAndGet();
                        try {
                            HttpResponse<String> r = http.post("/v1/events", Fixture.INGEST_KEY, body);
                            if (r.statusCode() == 200) {
                                acked.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(item + "@" + time);
                            }
                        } catch (Exception e) {
                            return;
                        }
                    }
                }));
            }
            posters.forEach(Thread::start);
            while (acked.values().stream().mapToInt(Set::size).sum() < 300) {
                Thread.sleep(20);
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            stop.set(true);
            for (Thread t : posters) {
                t.join();
            }
        } finally {
            p.destroyForcibly();
        }
        int total = acked.values().stream().mapToInt(Set::size).sum();
        Process again = startChild(fx, work);
        try {
            Fixture.Http http = new Fixture.Http(port(again));
            int found = 0;
            for (Map.Entry<String, Set<String>> e : acked.entrySet()) {
                JsonNode h = JSON.readTree(http.get("/v1/users/" + e.getKey() + "/history?limit=10000",
                        Fixture.READ_KEY).body());
                Set<String> present = new HashSet<>();
                for (JsonNode ev : h.get("recent")) {
                    present.add(ev.get("item").asText() + "@" + ev.get("time").asLong());
                }
                for (String a : e.getValue()) {
                    assertTrue(present.contains(a), "acknowledged event " + a + " of " + e.getKey() + " is lost");
                    found++;
                }
            }
            assertEquals(total, found);
            System.out.printf("kill -9 test: %d events attempted, %d acknowledged, all %d present after restart%n",
                    attempted.get(), total, found);
        } finally {
            again.destroy();
            assertTrue(again.waitFor(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void hundredSwapsUnderLoadFailNoRequest(@TempDir Path work) throws Exception {
        Fixture fx = Fixture.get();
        ServeOptions o = ServeOptions.parse(new String[] {"--data", fx.events.toString(), "--models",
                fx.models.toString(), "--keys", fx.keys.toString(), "--work", work.toString(), "--port", "0",
                "--analytics", "false"});
        String[] users = new String[64];
        for (int i = 0; i < users.length; i++) {
            users[i] = i % 8 == 0 ? "cold-" + i : fx.data.events().users().externalId(i * 3);
        }
        try (ShoplensServer server = ShoplensServer.start(o)) {
            Fixture.Http http = new Fixture.Http(server.port());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong ok = new AtomicLong();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                clients.add(new Thread(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String u = users[(n * 7 + id) % users.length];
                        String model = n % 2 == 0 ? "itemknn" : "popularity";
                        try {
                            HttpResponse<String> r = http.get("/v1/users/" + u + "/recommendations?k=10&model="
                                    + model + (n % 5 == 0 ? "&explain=true" : ""), Fixture.READ_KEY);
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            clients.forEach(Thread::start);
            long first = server.models().version();
            for (int i = 0; i < 100; i++) {
                HttpResponse<String> r = http.post("/v1/admin/models/reload", Fixture.ADMIN_KEY, "");
                assertEquals(200, r.statusCode(), r.body());
            }
            stop.set(true);
            for (Thread t : clients) {
                t.join();
            }
            assertEquals(first + 100, server.models().version());
            assertEquals(List.of(), failures);
            assertTrue(ok.get() > 100, "requests served during the swaps: " + ok.get());
            System.out.printf("swap test: 100 swaps, %d requests during them, %d failed%n", ok.get(),
                    failures.size());
        }
    }

    @Test
    void retrainingOnTheJournalSwapsInModelsThatKnowTheNewEvents(@TempDir Path work) throws Exception {
        Fixture fx = Fixture.get();
        ServeOptions o = ServeOptions.parse(new String[] {"--data", fx.events.toString(), "--models",
                fx.models.toString(), "--keys", fx.keys.toString(), "--work", work.toString(), "--port", "0",
                "--analytics", "false", "--default-model", "popularity"});
        try (ShoplensServer server = ShoplensServer.start(o)) {
            Fixture.Http http = new Fixture.Http(server.port());
            long[] counts = fx.data.events().itemCounts();
            int rare = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < counts[rare]) {
                    rare = i;
                }
            }
            String item = fx.data.events().items().externalId(rare);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 200; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"user\":\"fan-").append(i).append("\",\"item\":\"")
                        .append(item).append("\",\"behavior\":\"buy\"}");
            }
            assertEquals(200, http.post("/v1/events", Fixture.INGEST_KEY, batch + "]").statusCode());
            long before = server.models().version();
            server.retrainNow();
            assertEquals(before + 1, server.models().version());
            assertEquals(200, server.models().data().journalSeq());
            JsonNode cold = JSON.readTree(http.get("/v1/users/someone-new/recommendations?k=1", Fixture.READ_KEY)
                    .body());
            assertEquals(item, cold.get("items").get(0).get("item").asText(),
                    "after retraining, the item bought 200 times is the most popular");
            JsonNode fan = JSON.readTree(http.get("/v1/users/fan-3/history", Fixture.READ_KEY).body());
            assertEquals(1, fan.get("events").asInt(), "a journaled event must not be counted twice");
        }
    }
}
