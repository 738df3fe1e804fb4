package io.shoplens.serve;

import static io.shoplens.serve.Requests.JSON_TYPE;
import static io.shoplens.serve.Requests.allowOnly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.EventIngest;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.Algorithms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Shoplens HTTP service (Javalin on Jetty): the JSON API under {@code /v1}, {@code /health}, Prometheus
 * {@code /metrics}, {@code /openapi.json} and the dashboard at {@code /}. See {@code serve/README.md} for the
 * endpoints, the key roles, the status codes and the journal's durability policy.
 *
 * <p>This class wires the parts and owns the model lifecycle and event ingestion; {@link AccessGuard} checks keys,
 * roles, rate limits and body size, {@link RecommendationRoutes} and {@link InsightRoutes} answer the read routes,
 * {@link EventParser} reads posted events and {@link Requests} validates request parts.
 *
 * <p>Models live in an {@link AtomicReference} to an immutable {@link ModelSet}; reloads and background
 * retraining build a new set off the request path and swap it in with one atomic write, so no request fails or
 * mixes two sets.
 */
public final class ShoplensServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShoplensServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTE = "shoplens.route";

    private final ServeOptions options;
    private final Dataset dataset;
    private final AccessGuard guard;
    private final LiveHistory live;
    private final EventJournal journal;
    private final AtomicReference<ModelSet> current;
    private final AtomicLong versions = new AtomicLong();
    private final Insights insights;
    private final RecommendationRoutes recommendations;
    private final InsightRoutes insightRoutes;
    private final PrometheusMeterRegistry metrics;
    private final Counter ingested;
    private final Counter swaps;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicBoolean retraining = new AtomicBoolean();
    private final ScheduledExecutorService background;
    private final Javalin app;
    private final List<String[]> routes = new ArrayList<>();
    private final StartReport startReport;

    private ShoplensServer(ServeOptions options) {
        long t0 = System.nanoTime();
        this.options = options;
        this.guard = new AccessGuard(ApiKeys.load(options.keys()), new RateLimiter(options.rateLimit(),
                options.burst()), options.rateLimit(), options.maxBodyBytes());
        LoadOptions load = LoadOptions.defaults(options.quarantine());
        if (options.maxBadRatio() != null) {
            load = load.withMaxBadRatio(options.maxBadRatio());
        }
        this.dataset = DatasetLoader.load(new DatasetLoader.Source(options.data(), options.format(), options.items(),
                null), load);
        InteractionStore store = dataset.events();
        long t1 = System.nanoTime();
        this.live = new LiveHistory(store.items());
        AnalyticsInput input = options.format().hasTimestamps() && (options.analytics() || options.profiling())
                ? EventIngest.ingest(new EventIngest.Source(options.data(), options.format(), options.items()), load,
                options.work().resolve("analytics-input")) : null;
        this.insights = Insights.compute(input, options.format(), options.analytics(), options.leaderboard(), store,
                options.utcOffset());
        ProfileService profiles = !options.profiling() ? ProfileService.off("profiling turned off")
                : input == null ? ProfileService.off("format " + options.format().label() + " has no timestamps; "
                + "profiles need days and hours") : ProfileService.start(input, options);
        long t2 = System.nanoTime();
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        this.ingested = Counter.builder("shoplens_events_ingested").description("events acknowledged")
                .register(metrics);
        this.swaps = Counter.builder("shoplens_model_swaps").description("model sets swapped in").register(metrics);
        this.journal = EventJournal.open(options.journal(), live::apply);
        live.apply(journal.replayed());
        long t3 = System.nanoTime();
        Map<String, Recommender> loaded = ModelSet.loadModels(options.models());
        long t4 = System.nanoTime();
        ModelSet first = new ModelSet(versions.incrementAndGet(), loaded, options.defaultModel() != null
                ? options.defaultModel() : loaded.keySet().iterator().next(), ServedData.of(store, 0),
                ModelSet.origin(options.models()), options.ann());
        this.current = new AtomicReference<>(first);
        double indexSeconds = 0;
        double trainSeconds = 0;
        for (String name : loaded.keySet()) {
            FactorIndex index = first.index(name);
            indexSeconds += index == null ? 0 : index.buildSeconds();
            trainSeconds += loaded.get(name).provenance().trainSeconds();
        }
        RecommendService service = new RecommendService(current, live);
        this.recommendations = new RecommendationRoutes(current, service, live);
        this.insightRoutes = new InsightRoutes(insights, profiles);
        Gauge.builder("shoplens_model_version", current, r -> r.get().version()).register(metrics);
        Gauge.builder("shoplens_journal_last_seq", journal, EventJournal::lastSeq).register(metrics);
        Gauge.builder("shoplens_journal_fsyncs", journal, EventJournal::syncs).register(metrics);
        Gauge.builder("shoplens_cache_hits", service, RecommendService::hits).register(metrics);
        Gauge.builder("shoplens_cache_misses", service, RecommendService::misses).register(metrics);
        Gauge.builder("shoplens_live_users", live, LiveHistory::users).register(metrics);
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "serve-retrain");
            t.setDaemon(true);
            return t;
        });
        this.app = Javalin.create(this::configure);
        this.startReport = new StartReport(store.numEvents(), store.numUsers(), store.numItems(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t4 - t3) / 1e9, trainSeconds, indexSeconds, first.recalls(),
                (System.nanoTime() - t0) / 1e9, StartReport.heapAfterGc(), Runtime.getRuntime().maxMemory());
    }

    /** Loads everything, starts listening and returns the running server. */
    public static ShoplensServer start(ServeOptions options) {
        ShoplensServer s = new ShoplensServer(options);
        s.app.start(options.host(), options.port());
        if (options.retrainEvery() != null) {
            long ms = options.retrainEvery().toMillis();
            s.background.scheduleWithFixedDelay(s::retrainNow, ms, ms, TimeUnit.MILLISECONDS);
        }
        LOG.info("{}", s.startReport);
        LOG.info("serving {} models {} (version {}) on {}:{}", s.current.get().models().size(),
                s.current.get().models().keySet(), s.current.get().version(), options.host(), s.port());
        return s;
    }

    /** What the start cost: load, model and index times, heap after start. */
    public StartReport startReport() {
        return startReport;
    }

    /** The port listened on. */
    public int port() {
        return app.port();
    }

    /** The current model set. */
    public ModelSet models() {
        return current.get();
    }

    /** The Javalin app (for tests that list the registered routes). */
    public Javalin app() {
        return app;
    }

    /** Every registered route as {@code {METHOD, path}}. */
    public List<String[]> routes() {
        return List.copyOf(routes);
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.http.maxRequestSize = options.maxBodyBytes();
        config.staticFiles.add(sf -> {
            sf.hostedPath = "/";
            sf.directory = "/dashboard";
            sf.location = Location.CLASSPATH;
        });
        config.staticFiles.enableWebjars();
        config.requestLogger.http((ctx, ms) -> {
            String route = ctx.attribute(ROUTE);
            timer(ctx.method().name(), route == null ? "unmatched" : route, ctx.statusCode())
                    .record((long) (ms * 1e6), TimeUnit.NANOSECONDS);
        });
        var r = config.routes;
        r.beforeMatched(ctx -> {
            ctx.attribute(ROUTE, ctx.endpoint().path);
            guard.check(ctx);
        });
        r.exception(ApiError.class, (e, ctx) -> Requests.error(ctx, e.status(), e.field(), e.getMessage()));
        r.exception(HttpResponseException.class, (e, ctx) -> Requests.error(ctx, e.getStatus(), null,
                e.getStatus() == 413 ? "request body is larger than " + options.maxBodyBytes() + " bytes"
                        : e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
            Requests.error(ctx, 500, null, "internal error");
        });
        route(r, "GET", "/health", null, ctx -> ctx.json(Map.of("status", "ok", "modelVersion",
                current.get().version())));
        route(r, "GET", "/metrics", null, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        route(r, "GET", "/openapi.json", null, ctx -> ctx.contentType(JSON_TYPE).result(openApi()));
        route(r, "GET", "/v1/users", Role.READ, recommendations::users);
        route(r, "GET", "/v1/users/{user}/recommendations", Role.READ, recommendations::recommendations);
        route(r, "GET", "/v1/users/{user}/history", Role.READ, recommendations::history);
        route(r, "GET", "/v1/items/{item}/similar", Role.READ, recommendations::similar);
        route(r, "GET", "/v1/users/{user}/profile", Role.READ, insightRoutes::profile);
        route(r, "GET", "/v1/users/{user}/propensity", Role.READ, insightRoutes::propensity);
        route(r, "GET", "/v1/segments", Role.READ, insightRoutes::segments);
        route(r, "GET", "/v1/audiences", Role.READ, insightRoutes::audiences);
        route(r, "GET", "/v1/analytics", Role.READ, insightRoutes::analyticsList);
        route(r, "GET", "/v1/analytics/{table}", Role.READ, insightRoutes::analyticsTable);
        route(r, "GET", "/v1/forecast", Role.READ, insightRoutes::forecast);
        route(r, "GET", "/v1/models", Role.READ, this::modelList);
        route(r, "POST", "/v1/events", Role.INGEST, this::events);
        route(r, "POST", "/v1/admin/models/reload", Role.ADMIN, this::reload);
        route(r, "POST", "/v1/admin/models/retrain", Role.ADMIN, this::retrain);
    }

    private void route(io.javalin.config.RoutesConfig r, String method, String path, Role role, Handler h) {
        io.javalin.security.RouteRole[] roles = role == null ? new io.javalin.security.RouteRole[0]
                : new io.javalin.security.RouteRole[] {role};
        switch (method) {
            case "GET" -> r.get(path, h, roles);
            case "POST" -> r.post(path, h, roles);
            default -> throw new IllegalArgumentException("method " + method + " is not used by the API");
        }
        routes.add(new String[] {method, path});
    }

    private byte[] openApiBytes;

    private synchronized byte[] openApi() {
        if (openApiBytes == null) {
            try (var in = ShoplensServer.class.getResourceAsStream("/openapi.json")) {
                if (in == null) {
                    throw new IllegalStateException("openapi.json is missing from the serve jar");
                }
                openApiBytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return openApiBytes;
    }

    private Timer timer(String method, String route, int status) {
        String key = method + ' ' + route + ' ' + status;
        Timer t = timers.get(key);
        if (t == null) {
            t = timers.computeIfAbsent(key, k -> Timer.builder("shoplens_http_requests")
                    .description("HTTP requests by route and status")
                    .tags("method", method, "route", route, "status", Integer.toString(status))
                    .register(metrics));
        }
        return t;
    }

    private void modelList(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        ModelSet set = current.get();
        ObjectNode o = JSON.createObjectNode();
        o.put("version", set.version());
        o.put("default", set.defaultModel());
        o.put("origin", set.origin());
        o.put("loadedAt", set.createdAt().toString());
        o.put("journalSeqInData", set.data().journalSeq());
        o.put("ann", set.ann().name().toLowerCase(Locale.ROOT));
        o.set("start", JSON.valueToTree(startReport));
        ArrayNode arr = o.putArray("models");
        for (Map.Entry<String, Recommender> e : set.models().entrySet()) {
            Provenance p = e.getValue().provenance();
            ObjectNode m = arr.addObject();
            m.put("name", e.getKey());
            m.put("algorithm", p.algorithm());
            m.put("description", Algorithms.allNames().contains(p.algorithm()) ? Algorithms.description(p.algorithm())
                    : "");
            m.set("params", JSON.valueToTree(p.params()));
            m.put("dataFingerprint", p.dataFingerprint());
            m.put("trainedAt", p.trainedAt() == null ? null : p.trainedAt().toString());
            m.put("trainSeconds", p.trainSeconds());
            FactorIndex.Recall recall = set.recalls().get(e.getKey());
            m.put("retrieval", set.index(e.getKey()) == null ? "exact" : "ann");
            m.set("annRecall", recall == null ? null : JSON.valueToTree(recall));
        }
        ArrayNode board = o.putArray("leaderboard");
        insights.leaderboard().forEach(board::add);
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    private void events(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(JSON_TYPE)) {
            throw new ApiError(415, "Content-Type", "events must be sent as application/json");
        }
        List<LiveEvent> batch = EventParser.parse(ctx.bodyAsBytes(), current.get().data().store().items(),
                options.maxBatch(), Instant.now().getEpochSecond());
        List<LiveEvent> done;
        try {
            CompletableFuture<List<LiveEvent>> f = journal.append(batch);
            done = f.get(10, TimeUnit.SECONDS);
        } catch (IllegalStateException | ExecutionException | TimeoutException e) {
            LOG.error("events not acknowledged", e);
            throw new ApiError(503, null, "the events could not be written durably; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, null, "interrupted while writing the events; retry later");
        }
        ingested.increment(done.size());
        ObjectNode o = JSON.createObjectNode();
        o.put("accepted", done.size());
        o.put("firstSeq", done.get(0).seq());
        o.put("lastSeq", done.get(done.size() - 1).seq());
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    private void reload(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        ModelSet old = current.get();
        ModelSet next;
        try {
            next = ModelSet.load(options.models(), old.data(), versions.incrementAndGet(), options.defaultModel(),
                    options.ann());
        } catch (DataException | IllegalArgumentException e) {
            throw new ApiError(409, null, "reload failed, still serving version " + old.version() + ": "
                    + e.getMessage());
        }
        swap(next);
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(Map.of("version", next.version(), "models",
                next.models().keySet(), "origin", next.origin())));
    }

    private void retrain(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        if (retraining.get()) {
            throw new ApiError(409, null, "a retraining is already running");
        }
        background.execute(this::retrainNow);
        ctx.status(202).contentType(JSON_TYPE).result(JSON.writeValueAsBytes(Map.of("status", "started",
                "servingVersion", current.get().version())));
    }

    /**
     * Retrains every served model with its own algorithm and parameters on the served log plus every journaled
     * event, and swaps the result in. Runs on the background thread; one at a time.
     */
    public void retrainNow() {
        if (!retraining.compareAndSet(false, true)) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            ModelSet old = current.get();
            long upTo = journal.lastSeq();
            List<LiveEvent> events = EventJournal.read(options.journal(), upTo);
            ServedData base = ServedData.of(dataset.events(), 0);
            ServedData data = ServedData.withJournal(base, events);
            TrainingData td = new TrainingData(data.store(), dataset.catalog(), "sha256:" + dataset.sha256()
                    + "+journal<=" + data.journalSeq());
            Map<String, Recommender> models = new LinkedHashMap<>();
            for (Map.Entry<String, Recommender> e : old.models().entrySet()) {
                Provenance p = e.getValue().provenance();
                models.put(e.getKey(), Algorithms.trainer(p.algorithm(), p.params()).train(td));
            }
            ModelSet next = new ModelSet(versions.incrementAndGet(), models, old.defaultModel(), data,
                    "retrained on " + options.data().getFileName() + " plus " + events.size() + " journal events",
                    options.ann());
            swap(next);
            LOG.info("retrained {} models on {} events in {} s; now serving version {}", models.size(),
                    data.store().numEvents(), String.format(Locale.ROOT, "%.1f",
                            (System.nanoTime() - t0) / 1e9), next.version());
        } catch (RuntimeException e) {
            LOG.error("retraining failed; still serving version {}", current.get().version(), e);
        } finally {
            retraining.set(false);
        }
    }

    private void swap(ModelSet next) {
        ModelSet prev = current.getAndSet(next);
        swaps.increment();
        LOG.info("swapped model set {} -> {} ({})", prev.version(), next.version(), next.origin());
    }

    /** Stops listening, stops retraining and closes the journal after the queued events are written. */
    @Override
    public void close() {
        app.stop();
        background.shutdownNow();
        journal.close();
        metrics.close();
    }
}
