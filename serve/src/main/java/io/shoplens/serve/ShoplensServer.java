package io.shoplens.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TrainingData;
import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.EventIngest;
import io.shoplens.analytics.Query;
import io.shoplens.analytics.ResultTable;
import io.shoplens.recommend.Algorithms;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>Models live in an {@link AtomicReference} to an immutable {@link ModelSet}; reloads and background
 * retraining build a new set off the request path and swap it in with one atomic write, so no request fails or
 * mixes two sets.
 */
public final class ShoplensServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShoplensServer.class);
    private static final String JSON_TYPE = "application/json";
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EVENT_FIELDS = Set.of("user", "item", "behavior", "time");
    private static final int MAX_ID = 128;
    private static final int MAX_EXCLUDE = 1_000;
    private static final String ROUTE = "shoplens.route";

    private final ServeOptions options;
    private final Dataset dataset;
    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final LiveHistory live;
    private final EventJournal journal;
    private final AtomicReference<ModelSet> current;
    private final AtomicLong versions = new AtomicLong();
    private final RecommendService service;
    private final Insights insights;
    private final ProfileService profiles;
    private final PrometheusMeterRegistry metrics;
    private final Counter ingested;
    private final Counter swaps;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicBoolean retraining = new AtomicBoolean();
    private final ScheduledExecutorService background;
    private final Javalin app;
    private final List<String[]> routes = new ArrayList<>();

    private ShoplensServer(ServeOptions options) {
        this.options = options;
        this.keys = ApiKeys.load(options.keys());
        this.limiter = new RateLimiter(options.rateLimit(), options.burst());
        LoadOptions load = LoadOptions.defaults(options.quarantine());
        if (options.maxBadRatio() != null) {
            load = load.withMaxBadRatio(options.maxBadRatio());
        }
        this.dataset = DatasetLoader.load(new DatasetLoader.Source(options.data(), options.format(), options.items(),
                null), load);
        InteractionStore store = dataset.events();
        this.live = new LiveHistory(store.items());
        AnalyticsInput input = options.format().hasTimestamps() && (options.analytics() || options.profiling())
                ? EventIngest.ingest(new EventIngest.Source(options.data(), options.format(), options.items()), load,
                options.work().resolve("analytics-input")) : null;
        this.insights = Insights.compute(input, options.format(), options.analytics(), options.leaderboard(), store,
                options.utcOffset());
        this.profiles = !options.profiling() ? ProfileService.off("profiling turned off")
                : input == null ? ProfileService.off("format " + options.format().label() + " has no timestamps; "
                + "profiles need days and hours") : ProfileService.start(input, options);
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        this.ingested = Counter.builder("shoplens_events_ingested").description("events acknowledged")
                .register(metrics);
        this.swaps = Counter.builder("shoplens_model_swaps").description("model sets swapped in").register(metrics);
        this.journal = EventJournal.open(options.journal(), live::apply);
        live.apply(journal.replayed());
        this.current = new AtomicReference<>(ModelSet.load(options.models(), ServedData.of(store, 0),
                versions.incrementAndGet(), options.defaultModel()));
        this.service = new RecommendService(current, live);
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
    }

    /** Loads everything, starts listening and returns the running server. */
    public static ShoplensServer start(ServeOptions options) {
        ShoplensServer s = new ShoplensServer(options);
        s.app.start(options.host(), options.port());
        if (options.retrainEvery() != null) {
            long ms = options.retrainEvery().toMillis();
            s.background.scheduleWithFixedDelay(s::retrainNow, ms, ms, TimeUnit.MILLISECONDS);
        }
        LOG.info("serving {} models {} (version {}) on {}:{}", s.current.get().models().size(),
                s.current.get().models().keySet(), s.current.get().version(), options.host(), s.port());
        return s;
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
        r.beforeMatched(this::guard);
        r.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.field(), e.getMessage()));
        r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), null,
                e.getStatus() == 413 ? "request body is larger than " + options.maxBodyBytes() + " bytes"
                        : e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, null, "internal error");
        });
        route(r, "GET", "/health", null, ctx -> ctx.json(Map.of("status", "ok", "modelVersion",
                current.get().version())));
        route(r, "GET", "/metrics", null, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        route(r, "GET", "/openapi.json", null, ctx -> ctx.contentType(JSON_TYPE).result(openApi()));
        route(r, "GET", "/v1/users", Role.READ, this::users);
        route(r, "GET", "/v1/users/{user}/recommendations", Role.READ, this::recommendations);
        route(r, "GET", "/v1/users/{user}/history", Role.READ, this::history);
        route(r, "GET", "/v1/users/{user}/profile", Role.READ, this::profile);
        route(r, "GET", "/v1/users/{user}/propensity", Role.READ, this::propensity);
        route(r, "GET", "/v1/segments", Role.READ, this::segments);
        route(r, "GET", "/v1/audiences", Role.READ, this::audiences);
        route(r, "GET", "/v1/items/{item}/similar", Role.READ, this::similar);
        route(r, "GET", "/v1/models", Role.READ, this::modelList);
        route(r, "GET", "/v1/analytics", Role.READ, this::analyticsList);
        route(r, "GET", "/v1/analytics/{table}", Role.READ, this::analyticsTable);
        route(r, "GET", "/v1/forecast", Role.READ, this::forecast);
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

    // ---- authentication, roles, rate limits, body size ----

    private void guard(Context ctx) {
        ctx.attribute(ROUTE, ctx.endpoint().path);
        Set<io.javalin.security.RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty()) {
            return;
        }
        Role required = (Role) roles.iterator().next();
        String key = ctx.header("X-API-Key");
        if (key == null) {
            String auth = ctx.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                key = auth.substring(7).strip();
            }
        }
        if (key == null || key.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "Authorization", "an API key is required (Authorization: Bearer KEY or "
                    + "X-API-Key: KEY)");
        }
        ApiKeys.Principal p = keys.authenticate(key);
        if (p == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "Authorization", "the API key is not valid");
        }
        if (!p.role().allows(required)) {
            throw new ApiError(403, "Authorization", "key '" + p.name() + "' has role " + p.role().label()
                    + "; this endpoint needs " + required.label());
        }
        if (!limiter.tryAcquire(p.name(), System.nanoTime())) {
            ctx.header("Retry-After", "1");
            throw new ApiError(429, null, "key '" + p.name() + "' is over its rate limit of "
                    + options.rateLimit() + " requests per second");
        }
        String length = ctx.header("Content-Length");
        if (length != null && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > options.maxBodyBytes()) {
            throw new ApiError(413, "body", "request body of " + length + " bytes is larger than "
                    + options.maxBodyBytes() + " bytes");
        }
    }

    private static void error(Context ctx, int status, String field, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("status", status);
            g.writeStringField("error", message);
            if (field != null) {
                g.writeStringField("field", field);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.status(status).contentType(JSON_TYPE).result(out.toByteArray());
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

    // ---- query-parameter validation ----

    private static void allowOnly(Context ctx, Set<String> allowed) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw ApiError.badField(name, "unknown query parameter '" + name + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static int intParam(Context ctx, String name, int def, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return def;
        }
        int x;
        try {
            x = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.badField(name, name + " must be an integer in " + min + ".." + max + ", got '"
                    + abbreviate(v) + "'");
        }
        if (x < min || x > max) {
            throw ApiError.badField(name, name + " must be in " + min + ".." + max + ", got " + x);
        }
        return x;
    }

    private static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw ApiError.badField(name, name + " must be true or false, got '" + abbreviate(v) + "'");
    }

    private static String id(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID) {
            throw ApiError.badField(field, field + " must be 1.." + MAX_ID + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isISOControl(c)) {
                throw ApiError.badField(field, field + " '" + abbreviate(value)
                        + "' contains a space or control character");
            }
        }
        return value;
    }

    static String abbreviate(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }

    private static int item(IdMap items, String id, String field) {
        int i = items.indexOf(id(id, field));
        if (i < 0) {
            throw ApiError.notFound(field, "item '" + abbreviate(id) + "' is not in the catalogue");
        }
        return i;
    }

    // ---- handlers ----

    private static final Set<String> REC_PARAMS = Set.of("k", "model", "exclude", "explain");

    private void recommendations(Context ctx) throws IOException {
        allowOnly(ctx, REC_PARAMS);
        String user = id(ctx.pathParam("user"), "user");
        int k = intParam(ctx, "k", 10, 1, RecommendService.MAX_K);
        ModelSet set = current.get();
        String model = RecommendService.modelName(set, ctx.queryParam("model"));
        boolean explain = boolParam(ctx, "explain");
        int[] exclude = exclusions(set.data().store().items(), ctx.queryParam("exclude"));
        RecommendService.Answer a = service.recommend(set, model, user, k, exclude, explain);
        ModelSet.Cached c = a.cached();
        if (c != null && c.json() != null && c.jsonK() == k) {
            ctx.contentType(JSON_TYPE).result(c.json());
            return;
        }
        byte[] body = render(a, user);
        service.memo(a, user, body, k);
        ctx.contentType(JSON_TYPE).result(body);
    }

    private static int[] exclusions(IdMap items, String text) {
        if (text == null || text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_EXCLUDE) {
            throw ApiError.badField("exclude", "exclude lists " + parts.length + " items; at most "
                    + MAX_EXCLUDE + " are allowed");
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = item(items, parts[i], "exclude");
        }
        Arrays.sort(out);
        return out;
    }

    private byte[] render(RecommendService.Answer a, String user) throws IOException {
        InteractionStore store = a.set().data().store();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * a.items().length);
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("user", user);
            g.writeStringField("model", a.model());
            g.writeNumberField("modelVersion", a.set().version());
            g.writeBooleanField("coldStart", a.coldStart());
            g.writeArrayFieldStart("items");
            for (int i = 0; i < a.items().length; i++) {
                g.writeStartObject();
                g.writeStringField("item", store.items().externalId(a.items()[i]));
                g.writeNumberField("score", a.scores()[i]);
                if (a.explanations() != null) {
                    Explanation e = a.explanations().get(i);
                    g.writeObjectFieldStart("explanation");
                    g.writeStringField("summary", e.summary());
                    g.writeArrayFieldStart("evidence");
                    for (Evidence ev : e.evidence()) {
                        g.writeStartObject();
                        g.writeStringField("kind", ev.kind());
                        if (ev.item() >= 0 && ev.item() < store.numItems()) {
                            g.writeStringField("item", store.items().externalId(ev.item()));
                        }
                        g.writeNumberField("weight", ev.weight());
                        g.writeStringField("detail", ev.detail());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static final Set<String> SIMILAR_PARAMS = Set.of("k", "model");

    private void similar(Context ctx) throws IOException {
        allowOnly(ctx, SIMILAR_PARAMS);
        ModelSet set = current.get();
        int item = item(set.data().store().items(), ctx.pathParam("item"), "item");
        int k = intParam(ctx, "k", 10, 1, RecommendService.MAX_K);
        String model = RecommendService.modelName(set, ctx.queryParam("model"));
        RecommendService.Answer a = service.similar(set, model, item, k);
        ObjectNode o = JSON.createObjectNode();
        o.put("item", set.data().store().items().externalId(item));
        o.put("model", model);
        o.put("modelVersion", set.version());
        ArrayNode arr = o.putArray("items");
        for (int i = 0; i < a.items().length; i++) {
            arr.addObject().put("item", set.data().store().items().externalId(a.items()[i]))
                    .put("score", a.scores()[i]);
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    private static final Set<String> HISTORY_PARAMS = Set.of("limit");

    private void history(Context ctx) throws IOException {
        allowOnly(ctx, HISTORY_PARAMS);
        String user = id(ctx.pathParam("user"), "user");
        int limit = intParam(ctx, "limit", 100, 1, 10_000);
        ModelSet set = current.get();
        UserHistory h = service.history(set, user);
        if (h.length() == 0) {
            throw ApiError.notFound("user", "user '" + abbreviate(user) + "' has no events");
        }
        InteractionStore store = set.data().store();
        int[] byBehavior = new int[4];
        for (byte b : h.behaviors()) {
            byBehavior[b]++;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("user", user);
        o.put("known", h.user() >= 0);
        o.put("events", h.length());
        o.put("liveEvents", live.of(user).items().length);
        ObjectNode counts = o.putObject("byBehavior");
        for (Behavior b : Behavior.values()) {
            counts.put(b.label(), byBehavior[b.code()]);
        }
        ArrayNode arr = o.putArray("recent");
        for (int i = h.length() - 1; i >= Math.max(0, h.length() - limit); i--) {
            arr.addObject().put("item", store.items().externalId(h.items()[i]))
                    .put("behavior", Behavior.ofCode(h.behaviors()[i]).label())
                    .put("time", h.times()[i]);
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    private static final Set<String> USERS_PARAMS = Set.of("limit");

    /** The most active users of the served data (for the dashboard's user picker). */
    private void users(Context ctx) throws IOException {
        allowOnly(ctx, USERS_PARAMS);
        int limit = intParam(ctx, "limit", 20, 1, 1_000);
        InteractionStore store = current.get().data().store();
        Integer[] order = new Integer[store.numUsers()];
        for (int u = 0; u < order.length; u++) {
            order[u] = u;
        }
        Arrays.sort(order, (a, b) -> store.userLength(a) != store.userLength(b)
                ? Integer.compare(store.userLength(b), store.userLength(a)) : Integer.compare(a, b));
        ArrayNode arr = JSON.createArrayNode();
        for (int i = 0; i < Math.min(limit, order.length); i++) {
            arr.addObject().put("user", store.users().externalId(order[i])).put("events",
                    store.userLength(order[i]));
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("users", arr);
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
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
        ArrayNode arr = o.putArray("models");
        for (Map.Entry<String, Recommender> e : set.models().entrySet()) {
            Provenance p = e.getValue().provenance();
            ObjectNode m = arr.addObject();
            m.put("name", e.getKey());
            m.put("algorithm", p.algorithm());
            m.put("description", Algorithms.names().contains(p.algorithm()) ? Algorithms.description(p.algorithm())
                    : "");
            m.set("params", JSON.valueToTree(p.params()));
            m.put("dataFingerprint", p.dataFingerprint());
            m.put("trainedAt", p.trainedAt() == null ? null : p.trainedAt().toString());
            m.put("trainSeconds", p.trainSeconds());
        }
        ArrayNode board = o.putArray("leaderboard");
        insights.leaderboard().forEach(board::add);
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    private void analyticsList(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        ObjectNode o = JSON.createObjectNode();
        if (insights.analyticsNote() != null) {
            o.put("note", insights.analyticsNote());
        }
        ArrayNode arr = o.putArray("tables");
        for (ResultTable t : insights.tables().values()) {
            arr.addObject().put("name", t.name()).put("rows", t.size())
                    .put("description", Query.byTable(t.name()).description());
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    private static final Set<String> TABLE_PARAMS = Set.of("limit");

    private void analyticsTable(Context ctx) throws IOException {
        allowOnly(ctx, TABLE_PARAMS);
        String name = ctx.pathParam("table");
        int limit = intParam(ctx, "limit", 1_000, 1, 10_000);
        ResultTable t = insights.tables().get(name);
        if (t == null) {
            throw ApiError.notFound("table", "no analytics table '" + abbreviate(name) + "'"
                    + (insights.analyticsNote() != null ? " (" + insights.analyticsNote() + ")"
                    : "; tables: " + String.join(", ", insights.tables().keySet())));
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("name", t.name());
        o.put("description", Query.byTable(t.name()).description());
        o.put("rows", t.size());
        ArrayNode cols = o.putArray("columns");
        t.columns().forEach(c -> cols.add(c.name()));
        ArrayNode rows = o.putArray("data");
        for (int i = 0; i < Math.min(limit, t.size()); i++) {
            ArrayNode row = rows.addArray();
            for (Object v : t.rows().get(i)) {
                row.add(JSON.valueToTree(v instanceof java.time.LocalDate d ? d.toString() : v));
            }
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    private void forecast(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        if (insights.forecast() == null) {
            throw ApiError.notFound(null, "no forecast: " + insights.forecastNote());
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(insights.forecast()));
    }

    private void profile(Context ctx) {
        allowOnly(ctx, Set.of());
        ctx.contentType(JSON_TYPE).result(profiles.profile(id(ctx.pathParam("user"), "user")));
    }

    private void propensity(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(profiles.propensity(id(ctx.pathParam("user"),
                "user"))));
    }

    private void segments(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(profiles.segments()));
    }

    private static final Set<String> AUDIENCE_PARAMS = Set.of("category", "budget", "method");

    private void audiences(Context ctx) throws IOException {
        allowOnly(ctx, AUDIENCE_PARAMS);
        String category = ctx.queryParam("category");
        if (category == null) {
            throw ApiError.badField("category", "category is required (a category id of the served log)");
        }
        id(category, "category");
        if (ctx.queryParam("budget") == null) {
            throw ApiError.badField("budget", "budget is required (the audience size in users)");
        }
        String method = ctx.queryParam("method") == null ? "propensity" : ctx.queryParam("method");
        if (!ProfileService.METHODS.contains(method)) {
            throw ApiError.badField("method", "method '" + abbreviate(method) + "' is not one of "
                    + String.join(", ", ProfileService.METHODS));
        }
        int budget = intParam(ctx, "budget", 0, 1, profiles.users());
        if (!profiles.knownCategory(category)) {
            throw ApiError.notFound("category", "category '" + abbreviate(category) + "' does not occur in the "
                    + "served log");
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(profiles.audience(category, budget, method)));
    }

    private void events(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON_TYPE)) {
            throw new ApiError(415, "Content-Type", "events must be sent as application/json");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw ApiError.badField("body", "the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw ApiError.badField("body", "the body is empty; send an event object or an array of them");
        }
        List<LiveEvent> batch = new ArrayList<>();
        IdMap items = current.get().data().store().items();
        long now = Instant.now().getEpochSecond();
        if (root.isArray()) {
            if (root.size() == 0 || root.size() > options.maxBatch()) {
                throw ApiError.badField("body", "a batch must hold 1.." + options.maxBatch() + " events, got "
                        + root.size());
            }
            for (int i = 0; i < root.size(); i++) {
                batch.add(event(root.get(i), "[" + i + "].", items, now));
            }
        } else {
            batch.add(event(root, "", items, now));
        }
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

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static LiveEvent event(JsonNode n, String prefix, IdMap items, long now) {
        if (!n.isObject()) {
            throw ApiError.badField(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "an event must be a JSON object with user, item, behavior and optional time");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!EVENT_FIELDS.contains(f)) {
                throw ApiError.badField(prefix + abbreviate(f), "unknown field '" + abbreviate(f)
                        + "'; an event has user, item, behavior and time");
            }
        }
        String user = id(textField(n, "user", prefix), prefix + "user");
        String itemId = textField(n, "item", prefix);
        int item = item(items, itemId, prefix + "item");
        String b = textField(n, "behavior", prefix);
        Behavior behavior = Behavior.parse(b);
        if (behavior == null) {
            throw ApiError.badField(prefix + "behavior", "behavior '" + abbreviate(b)
                    + "' is not one of pv, cart, fav, buy (or an alias such as view, purchase)");
        }
        long time = now;
        JsonNode t = n.get("time");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || !t.canConvertToLong()) {
                throw ApiError.badField(prefix + "time", "time must be an integer number of epoch seconds");
            }
            time = t.asLong();
            if (time < LoadOptions.DEFAULT_MIN_TIME || time > LoadOptions.DEFAULT_MAX_TIME) {
                throw ApiError.badField(prefix + "time", "time " + time + " is outside "
                        + LoadOptions.DEFAULT_MIN_TIME + ".." + LoadOptions.DEFAULT_MAX_TIME + " (1990..2060)");
            }
        }
        return new LiveEvent(0, user, items.externalId(item), behavior, time);
    }

    private static String textField(JsonNode n, String name, String prefix) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw ApiError.badField(prefix + name, name + " is required");
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber() && !name.equals("behavior")) {
            return v.asText();
        }
        throw ApiError.badField(prefix + name, name + " must be a string");
    }

    private void reload(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        ModelSet old = current.get();
        ModelSet next;
        try {
            next = ModelSet.load(options.models(), old.data(), versions.incrementAndGet(), options.defaultModel());
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
                    "retrained on " + options.data().getFileName() + " plus " + events.size() + " journal events");
            swap(next);
            LOG.info("retrained {} models on {} events in {} s; now serving version {}", models.size(),
                    data.store().numEvents(), String.format(java.util.Locale.ROOT, "%.1f",
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
