package io.shoplens.cli;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.Algorithms;
import io.shoplens.serve.ApiKeys;
import io.shoplens.serve.ModelSet;
import io.shoplens.serve.Role;
import io.shoplens.serve.ServeOptions;
import io.shoplens.serve.ShoplensServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Load test of the HTTP service with {@code wrk} on loopback: recommendation requests for random known users
 * while another thread posts events at a steady rate; the peer in the same run is {@code GET /health} (the
 * framework's own ceiling on this machine).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the server in this JVM, then run wrk (Debian's /usr/bin/wrk) against "
                + "GET /v1/users/{random known user}/recommendations?k=10 while events are posted at --ingest-rate; "
                + "prints requests/s, p50/p99 latency and the acknowledged ingest rate, and the same for GET /health "
                + "as the peer.")
final class BenchServe implements Callable<Integer> {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), "
            + "timeout (\\d+)");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "../shared/data/taobao-userbehavior/UserBehavior_sample.csv",
            paramLabel = "FILE", description = "Behaviour log (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--format", defaultValue = "taobao", description = "Format of --data (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--items", paramLabel = "FILE", description = "Item catalogue CSV served with --data.")
    Path items;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Folder of *.model files trained on --data (default: train popularity and itemknn on all "
                    + "of --data into WORK/models).")
    Path models;

    @Option(names = "--model", defaultValue = "itemknn", description = "Model asked for (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--work", defaultValue = "out/bench/serve", paramLabel = "DIR",
            description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds of the measured run (default: "
            + "${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", defaultValue = "10", description = "Seconds of warm-up first (default: "
            + "${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "wrk threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--connections", defaultValue = "64", description = "wrk connections (default: "
            + "${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--ingest-rate", defaultValue = "200", description = "Events per second posted during the "
            + "runs, one per request (default: ${DEFAULT-VALUE}).")
    int ingestRate;

    @Option(names = "--train", paramLabel = "NAME[:k=v,...]", split = ";",
            description = "Models trained on all of --data when --models is not given, e.g. 'ials:rank=32,"
                    + "iterations=3' (default: popularity and itemknn).")
    List<String> train = List.of("popularity", "itemknn");

    @Option(names = "--users", defaultValue = "0", paramLabel = "N",
            description = "Request a seeded sample of N known users (warm-up and wrk); 0: all (default: "
                    + "${DEFAULT-VALUE}).")
    int sampleUsers;

    @Option(names = "--ann", defaultValue = "auto", paramLabel = "MODE",
            description = "The server's --ann: auto, on or off (default: ${DEFAULT-VALUE}).")
    String ann;

    @Option(names = "--wrk", defaultValue = "/usr/bin/wrk", description = "wrk binary (default: ${DEFAULT-VALUE}).")
    Path wrk;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isExecutable(wrk)) {
            throw new IllegalArgumentException("wrk not found at " + wrk + "; apt-get install wrk");
        }
        Files.createDirectories(work);
        LoadOptions load = LoadOptions.defaults(work.resolve("quarantine"));
        EventFormat fmt = EventFormat.parse(format);
        Path modelDir = models;
        if (modelDir == null) {
            modelDir = work.resolve("models");
            trainModels(load, fmt, modelDir, out);
        }
        ApiKeys.NewKey key = ApiKeys.newKey("bench", Role.INGEST);
        Path keys = work.resolve("keys.txt");
        Files.writeString(keys, key.line() + "\n");
        Path journal = work.resolve("events.journal");
        Files.deleteIfExists(journal);
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--format", format, "--models",
                modelDir.toString(), "--keys", keys.toString(), "--work", work.toString(), "--port", "0",
                "--analytics", "false", "--profiling", "false", "--rate-limit", "1000000000", "--burst", "1000000000",
                "--default-model", model, "--ann", ann));
        if (items != null) {
            args.addAll(List.of("--items", items.toString()));
        }
        ServeOptions o = ServeOptions.parse(args.toArray(new String[0]));
        try (ShoplensServer server = ShoplensServer.start(o)) {
            InteractionStore store = server.models().data().store();
            out.println(server.startReport());
            List<String> users = users(store, sampleUsers);
            Path usersFile = work.resolve("users.txt");
            Files.write(usersFile, users, StandardCharsets.UTF_8);
            Path script = work.resolve("recommend.lua");
            Files.writeString(script, lua(key.key(), "/v1/users/\" .. users[math.random(#users)] .. \""
                    + "/recommendations?k=10"));
            Path health = work.resolve("health.lua");
            Files.writeString(health, lua(key.key(), "/health"));
            String base = "http://127.0.0.1:" + server.port();
            out.printf(Locale.ROOT, "server: %d users, %d items, model %s; wrk -t%d -c%d --latency; events posted "
                    + "at %d/s (one per request, each acknowledged after its fsync); load average %.2f%n", users.size(),
                    store.numItems(), model, threads, connections, ingestRate, loadAverage());
            Ingest ingest = new Ingest(base, key.key(), users, store);
            Thread poster = new Thread(() -> ingest.run(ingestRate), "bench-ingest");
            poster.setDaemon(true);
            poster.start();
            try {
                long w0 = System.nanoTime();
                warm(base, key.key(), users);
                out.printf(Locale.ROOT, "cache warmed: every user's top-100 computed once over HTTP in %.1f s%n",
                        (System.nanoTime() - w0) / 1e9);
                wrk(script, usersFile, base, warmup);
                out.println("warm-up done (" + warmup + " s)");
                long before = ingest.acked.get();
                long t0 = System.nanoTime();
                Result rec = wrk(script, usersFile, base, duration);
                double ingestPerSec = (ingest.acked.get() - before) / ((System.nanoTime() - t0) / 1e9);
                before = ingest.acked.get();
                t0 = System.nanoTime();
                Result peer = wrk(health, usersFile, base, Math.max(5, duration / 2));
                double peerIngest = (ingest.acked.get() - before) / ((System.nanoTime() - t0) / 1e9);
                out.printf(Locale.ROOT, "%-48s %10s %9s %9s %9s %8s %14s%n", "request", "req/s", "p50 ms", "p90 ms",
                        "p99 ms", "non-2xx", "ingest ev/s");
                print(out, "GET /v1/users/{user}/recommendations?k=10", rec, ingestPerSec);
                print(out, "GET /health (peer: framework ceiling)", peer, peerIngest);
                out.printf(Locale.ROOT, "load average at the end: %.2f%n", loadAverage());
                String metrics = scrape(base);
                out.printf(Locale.ROOT, "ingest: %d events acknowledged, %d failed (error or non-200), %d not sent "
                        + "(64 already in flight); top-100 cache: %d hits, %d misses (a miss recomputes after that "
                        + "user's new event)%n", ingest.acked.get(), ingest.failed.get(), ingest.skipped.get(),
                        gauge(metrics, "shoplens_cache_hits"),
                        gauge(metrics, "shoplens_cache_misses"));
            } finally {
                ingest.stop.set(true);
                poster.join();
            }
        }
        return 0;
    }

    /** Trains {@link #train} on all of {@link #data} into {@code dir} (the data set is dropped on return). */
    private void trainModels(LoadOptions load, EventFormat fmt, Path dir, PrintWriter out) throws IOException {
        long t0 = System.nanoTime();
        Dataset d = DatasetLoader.load(new DatasetLoader.Source(data, fmt, items, null), load);
        TrainingData td = new TrainingData(d.events(), d.catalog(), "sha256:" + d.sha256() + "+all");
        Files.createDirectories(dir);
        for (String spec : train) {
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            Map<String, String> params = new java.util.LinkedHashMap<>();
            if (colon >= 0) {
                for (String kv : spec.substring(colon + 1).split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--train '" + spec + "': parameter '" + kv
                                + "' is not k=v");
                    }
                    params.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
                }
            }
            long m0 = System.nanoTime();
            Recommender r = Algorithms.trainer(name, params).train(td);
            r.save(dir.resolve(name + ModelSet.SUFFIX));
            out.printf(Locale.ROOT, "trained %s %s in %.1f s%n", name, params, (System.nanoTime() - m0) / 1e9);
        }
        out.printf(Locale.ROOT, "trained %s on all of %s into %s in %.1f s (load included)%n", train, data, dir,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The known users (with events), or a seeded sample of {@code n} of them when {@code n > 0}. */
    private static List<String> users(InteractionStore store, int n) {
        List<String> users = new ArrayList<>();
        if (n <= 0) {
            for (int u = 0; u < store.numUsers(); u++) {
                if (store.userLength(u) > 0) {
                    users.add(store.users().externalId(u));
                }
            }
            return users;
        }
        Random rnd = new Random(11);
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (int tries = 0; users.size() < n && tries < 20 * n; tries++) {
            int u = rnd.nextInt(store.numUsers());
            if (store.userLength(u) > 0 && taken.add(u)) {
                users.add(store.users().externalId(u));
            }
        }
        return users;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Asks once for every user's recommendations (8 parallel clients), so the measured run is steady state. */
    private static void warm(String base, String key, List<String> users) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong next = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            ts.add(new Thread(() -> {
                for (long i = next.getAndIncrement(); i < users.size(); i = next.getAndIncrement()) {
                    try {
                        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/users/"
                                + users.get((int) i) + "/recommendations?k=10")).header("X-API-Key", key).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 200) {
                            bad.incrementAndGet();
                        }
                    } catch (IOException e) {
                        bad.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join();
        }
        if (bad.get() > 0) {
            throw new IllegalStateException(bad.get() + " warm-up requests failed");
        }
    }

    private static String scrape(String base) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E+]+)").matcher(metrics);
        if (!m.find()) {
            throw new IllegalStateException("metric " + name + " is missing from /metrics");
        }
        return (long) Double.parseDouble(m.group(1));
    }

    private static void print(PrintWriter out, String name, Result r, double ingest) {
        out.printf(Locale.ROOT, "%-48s %10.0f %9.2f %9.2f %9.2f %8d %14.1f%n", name, r.rps, r.p50, r.p90, r.p99,
                r.non2xx + r.socketErrors, ingest);
    }

    private static String lua(String key, String pathExpr) {
        return "local users = {}\n"
                + "init = function(args)\n"
                + "  for line in io.lines(args[1]) do users[#users + 1] = line end\n"
                + "  math.randomseed(os.time() + math.floor(os.clock() * 1000000))\n"
                + "end\n"
                + "request = function()\n"
                + "  return wrk.format(\"GET\", \"" + pathExpr + "\", {[\"X-API-Key\"] = \"" + key + "\"})\n"
                + "end\n";
    }

    private record Result(double rps, double p50, double p90, double p99, long non2xx, long socketErrors) {
    }

    private Result wrk(Path script, Path usersFile, String base, int seconds) throws IOException,
            InterruptedException {
        Process p = new ProcessBuilder(wrk.toString(), "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--latency", "-s", script.toString(), base, "--", usersFile.toString()).redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + text);
        }
        Matcher rps = RPS.matcher(text);
        if (!rps.find()) {
            throw new IllegalStateException("wrk printed no Requests/sec: " + text);
        }
        Matcher non = NON2XX.matcher(text);
        Matcher err = ERRORS.matcher(text);
        long errors = 0;
        if (err.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(err.group(g));
            }
        }
        return new Result(Double.parseDouble(rps.group(1)), percentile(text, "50%"), percentile(text, "90%"),
                percentile(text, "99%"), non.find() ? Long.parseLong(non.group(1)) : 0, errors);
    }

    /** A latency percentile of wrk's --latency table, in milliseconds. */
    private static double percentile(String text, String label) {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)\\s*$").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no " + label + " latency: " + text);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            default -> v * 1000;
        };
    }

    /** Posts one event per request at a steady rate to random users, counting acknowledgements. */
    private static final class Ingest {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong acked = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String base;
        private final String key;
        private final List<String> users;
        private final InteractionStore store;

        Ingest(String base, String key, List<String> users, InteractionStore store) {
            this.base = base;
            this.key = key;
            this.users = users;
            this.store = store;
        }

        void run(int perSecond) {
            Random rnd = new Random(7);
            long interval = 1_000_000_000L / perSecond;
            long next = System.nanoTime();
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);
            while (!stop.get()) {
                String body = "{\"user\":\"" + users.get(rnd.nextInt(users.size())) + "\",\"item\":\""
                        + store.items().externalId(store.itemAt(rnd.nextInt(store.numEvents()))) + "\",\"behavior\":"
                        + "\"pv\"}";
                if (!inFlight.tryAcquire()) {
                    skipped.incrementAndGet();
                } else {
                    client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                            .header("X-API-Key", key).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                                inFlight.release();
                                (e == null && r.statusCode() == 200 ? acked : failed).incrementAndGet();
                            });
                }
                next += interval;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(sleep);
                }
            }
        }
    }
}
