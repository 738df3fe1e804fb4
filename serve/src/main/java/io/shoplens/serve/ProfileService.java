package io.shoplens.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.predict.propensity.RecencyRuleTrainer;
import io.shoplens.predict.tabular.GbtParams;
import io.shoplens.predict.tabular.Importance;
import io.shoplens.predict.tabular.Metrics;
import io.shoplens.profile.ProfileJob;
import io.shoplens.profile.ProfileOptions;
import io.shoplens.profile.ProfileReport;
import io.shoplens.profile.PurchasePropensity;
import io.shoplens.profile.SmallCells;
import io.shoplens.profile.TagRules;
import io.shoplens.profile.audience.AudienceConfig;
import io.shoplens.profile.audience.Campaign;
import io.shoplens.profile.audience.AudienceExperiment;
import io.shoplens.profile.audience.AudienceReport;
import io.shoplens.profile.audience.ParquetStore;
import io.shoplens.profile.segment.SegmentParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles, segments, audiences and purchase propensity of the served log, made once at start with the profile
 * module and then only read (the audience cache aside, which is synchronised):
 * <ul>
 *   <li>profiles and k-means segments by {@link ProfileJob} on embedded DuckDB (raw ids: the API is the shop's own),
 *       or loaded from a {@code shoplens profile --no-pseudonymise} output folder over the same log;</li>
 *   <li>purchase propensity by {@link PurchasePropensity} (XGBoost on predict's propensity features, trained on
 *       cut-off end-2H, early-stopped on end-H, every user scored at the log's end), with each score's reasons by
 *       occlusion ({@link Importance#reasons}) and the recency rule's validation AUC as the baseline;</li>
 *   <li>audiences by {@link AudienceExperiment} on demand, one category at a time under a lock (it trains two
 *       XGBoost models and builds the profile table twice), the last {@value #AUDIENCE_CACHE} categories kept.</li>
 * </ul>
 * Profiles need timestamps; without them, or with profiling off, every endpoint answers 404 with the reason.
 */
public final class ProfileService {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Categories whose audiences are kept. */
    public static final int AUDIENCE_CACHE = 32;
    /** The held-out audience evaluation's budgets, as shares of the served users. */
    public static final List<Double> EVALUATION_SHARES = List.of(0.01, 0.05, 0.10, 0.20, 0.50);
    /** Reasons given with a propensity score. */
    public static final int REASONS = 5;
    /** Centroid features named as a segment's highlights. */
    public static final int HIGHLIGHTS = 3;
    private static final String SEED = "42";

    private final String note;
    private final Map<String, byte[]> profiles;
    private final ObjectNode segments;
    private final String segmentsNote;
    private final PurchasePropensity.Fitted propensity;
    private final Map<String, Integer> propensityRows;
    private final double baselineAuc;
    private final String propensityNote;
    private final AnalyticsInput input;
    private final InteractionStore store;
    private final ServeOptions options;
    private final Map<String, Audience> audiences = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Audience> eldest) {
                    return size() > AUDIENCE_CACHE;
                }
            });
    private final Object audienceLock = new Object();

    private ProfileService(String note, Map<String, byte[]> profiles, ObjectNode segments, String segmentsNote,
            PurchasePropensity.Fitted propensity, double baselineAuc, String propensityNote, AnalyticsInput input,
            InteractionStore store, ServeOptions options) {
        this.note = note;
        this.profiles = profiles;
        this.segments = segments;
        this.segmentsNote = segmentsNote;
        this.propensity = propensity;
        this.baselineAuc = baselineAuc;
        this.propensityNote = propensityNote;
        this.input = input;
        this.store = store;
        this.options = options;
        this.propensityRows = new HashMap<>();
        if (propensity != null) {
            int[] users = propensity.now().users();
            for (int i = 0; i < users.length; i++) {
                propensityRows.put(store.users().externalId(users[i]), i);
            }
        }
    }

    /** A service that answers every request with 404 and {@code note}. */
    static ProfileService off(String note) {
        return new ProfileService(note, Map.of(), null, note, null, Double.NaN, note, null, null, null);
    }

    /**
     * Computes (or loads from {@link ServeOptions#profiles()}) the profiles and segments of {@code input}, trains
     * the purchase propensity model and readies the audiences.
     *
     * @param input   the served log validated to Parquet (with timestamps)
     * @param options the server's options
     */
    static ProfileService start(AnalyticsInput input, ServeOptions options) {
        long t0 = System.nanoTime();
        int utc = options.utcOffset();
        InteractionStore store = ParquetStore.load(input.events());
        long horizon = options.propensityHorizon().toSeconds();
        PurchasePropensity.Fitted fitted = null;
        String propensityNote = null;
        double baseline = Double.NaN;
        try {
            fitted = PurchasePropensity.fitted(store, horizon, utc, GbtParams.from(Map.of("seed", SEED)),
                    input.reports().get(0).sha256());
            baseline = Metrics.auc(new RecencyRuleTrainer().train(fitted.train(), fitted.validation())
                    .predictFirst(fitted.validation()), fitted.validation().y());
        } catch (IllegalArgumentException e) {
            propensityNote = "no purchase propensity: " + e.getMessage();
            LOG.warn("{}", propensityNote);
        }
        SmallCells cells = new SmallCells(options.minCell());
        JsonNode report;
        Path parquet;
        String source;
        if (options.profiles() == null) {
            Path dir = options.work().resolve("profile");
            ProfileJob.Config config = new ProfileJob.Config(ProfileOptions.of(new AnalyticsOptions(utc,
                    AnalyticsOptions.DEFAULT_TOP_N, input.hasItems())), TagRules.defaults(), SegmentParams.defaults(),
                    null, cells, fitted == null ? null : fitted.result());
            ProfileReport r = ProfileJob.run(input, null, config, dir);
            report = r.toJson();
            parquet = dir.resolve("profiles.parquet");
            source = "computed at start by ProfileJob (DuckDB) into " + dir;
        } else {
            Path dir = options.profiles();
            report = readReport(dir, input);
            parquet = dir.resolve("profiles.parquet");
            source = "loaded from " + dir;
        }
        ObjectNode segs = null;
        String segsNote = null;
        if (report.has("segmentation")) {
            segs = segmentsJson(report, cells, source);
        } else {
            segsNote = "the profiles were made without segments (shoplens profile --no-segments)";
        }
        Map<String, byte[]> profiles = readProfiles(parquet, segs, fitted);
        LOG.info("profiles of {} users ({}), {} segments, propensity {}, in {} s", profiles.size(), source,
                segs == null ? 0 : segs.get("k").asInt(), fitted == null ? "none" : String.format(Locale.ROOT,
                        "validation AUC %.4f", fitted.result().validationAuc()),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return new ProfileService(null, profiles, segs, segsNote, fitted, baseline, propensityNote, input, store,
                options);
    }

    /** The {@code profile.json} of a profile output folder, checked to be raw-id and over the served log. */
    private static JsonNode readReport(Path dir, AnalyticsInput input) {
        Path file = dir.resolve("profile.json");
        JsonNode report;
        try {
            report = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new DataException("cannot read " + file + " (give --profiles an output folder of shoplens "
                    + "profile): " + e.getMessage(), e);
        }
        if (report.path("privacy").path("pseudonymisedIds").asBoolean(true)) {
            throw new DataException("the profiles in " + dir + " have pseudonymised user ids, but the API answers "
                    + "by the shop's own ids; run shoplens profile --no-pseudonymise for serving");
        }
        String want = input.reports().get(0).sha256();
        String got = report.path("input").path("files").path(0).path("sha256").asText();
        if (!want.equals(got)) {
            throw new DataException("the profiles in " + dir + " were made from a log with SHA-256 " + got
                    + ", not from the served log (" + want + ")");
        }
        if (!Files.isRegularFile(dir.resolve("profiles.parquet"))) {
            throw new DataException(dir + " has profile.json but no profiles.parquet");
        }
        return report;
    }

    /** The segments of a {@code profile.json}, small cells suppressed again at the served threshold. */
    static ObjectNode segmentsJson(JsonNode report, SmallCells cells, String source) {
        JsonNode seg = report.get("segmentation");
        int folderK = report.path("privacy").path("minCellUsers").asInt(1);
        ObjectNode o = JSON.createObjectNode();
        o.put("source", source);
        o.put("users", report.path("users").asLong());
        o.put("algorithm", seg.path("algorithm").asText());
        o.put("k", seg.path("k").asInt());
        o.set("features", seg.get("features"));
        o.set("silhouetteByK", seg.get("silhouetteByK"));
        o.put("minCellUsers", Math.max(folderK, cells.k()));
        ArrayNode out = o.putArray("segments");
        int suppressed = 0;
        for (JsonNode s : seg.get("segments")) {
            ObjectNode n = s.deepCopy();
            JsonNode users = n.get("users");
            boolean hide = users == null || users.isNull() || cells.suppress(users.asLong());
            if (hide) {
                suppressed++;
                for (String f : List.of("users", "share", "avg_events", "buyer_share", "avg_monetary",
                        "value_share")) {
                    n.putNull(f);
                }
                n.put("suppressed", true);
            } else {
                n.put("suppressed", false);
            }
            List<Map.Entry<String, Double>> z = new ArrayList<>();
            n.path("centroidSd").fields().forEachRemaining(e -> z.add(Map.entry(e.getKey(), e.getValue().asDouble())));
            z.sort((a, b) -> Double.compare(Math.abs(b.getValue()), Math.abs(a.getValue())));
            ArrayNode h = n.putArray("highlights");
            for (Map.Entry<String, Double> e : z.subList(0, Math.min(HIGHLIGHTS, z.size()))) {
                h.addObject().put("feature", e.getKey()).put("sd", e.getValue())
                        .put("text", String.format(Locale.ROOT, "%s %.2f SD %s the mean", e.getKey(),
                                Math.abs(e.getValue()), e.getValue() >= 0 ? "above" : "below"));
            }
            out.add(n);
        }
        o.put("suppressedCells", suppressed);
        o.put("note", String.format(Locale.ROOT, "segments of fewer than %d users are suppressed (users, share "
                + "and values null); centroids in standard deviations from the mean of each feature",
                o.get("minCellUsers").asInt()));
        return o;
    }

    private static final List<String> BASIC = List.of("age_band", "gender", "region");
    private static final List<String> BEHAVIOUR = List.of("events", "pv", "cart", "fav", "buy", "items",
            "categories", "cart_share", "fav_share", "buy_share");
    private static final List<String> TIME = List.of("active_days", "first_day", "last_day", "days_since_last",
            "night_share", "morning_share", "afternoon_share", "evening_share", "peak_hour");
    private static final List<String> PRICE = List.of("avg_price", "price_band");
    private static final List<String> RFM = List.of("recency_days", "frequency", "monetary", "r_score", "f_score",
            "m_score", "rfm_segment");

    /** Every user's profile as a JSON body, by raw user id. */
    private static Map<String, byte[]> readProfiles(Path parquet, ObjectNode segments,
            PurchasePropensity.Fitted fitted) {
        Map<Integer, String> descriptions = new HashMap<>();
        if (segments != null) {
            for (JsonNode s : segments.get("segments")) {
                descriptions.put(s.get("segment").asInt(), s.get("description").asText());
            }
        }
        Map<String, byte[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('"
                     + parquet.toAbsolutePath().toString().replace("'", "''") + "')")) {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, Integer> col = new HashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                col.put(md.getColumnName(i), i);
            }
            if (!col.containsKey("user_id") || !col.containsKey("events")) {
                throw new DataException(parquet + " is not a profile table (no user_id or events column)");
            }
            while (rs.next()) {
                String user = rs.getString(col.get("user_id"));
                ObjectNode o = JSON.createObjectNode();
                o.put("user", user);
                group(o.putObject("basic"), rs, col, BASIC);
                group(o.putObject("behaviour"), rs, col, BEHAVIOUR);
                group(o.putObject("time"), rs, col, TIME);
                ArrayNode fav = o.putArray("favouriteCategories");
                for (int k = 1; k <= 3; k++) {
                    Object cat = value(rs, col, "top_category_" + k);
                    if (cat != null) {
                        fav.addObject().put("category", cat.toString())
                                .set("share", JSON.valueToTree(value(rs, col, "top_category_" + k + "_share")));
                    }
                }
                group(o.putObject("price"), rs, col, PRICE);
                group(o.putObject("rfm"), rs, col, RFM);
                o.set("lifecycle", JSON.valueToTree(value(rs, col, "lifecycle")));
                ArrayNode tags = o.putArray("tags");
                Object t = value(rs, col, "tags");
                if (t != null && !t.toString().isEmpty()) {
                    for (String tag : t.toString().split(",")) {
                        tags.add(tag);
                    }
                }
                Object seg = value(rs, col, "segment");
                if (seg == null) {
                    o.putNull("segment");
                } else {
                    int id = ((Number) seg).intValue();
                    o.putObject("segment").put("id", id).put("description", descriptions.get(id));
                }
                Double p = fitted == null ? null : fitted.result().scores().get(user);
                if (p == null) {
                    o.putNull("propensity");
                } else {
                    o.putObject("propensity").put("probability", p)
                            .put("horizonHours", fitted.result().horizon() / 3600.0);
                }
                out.put(user, JSON.writeValueAsBytes(o));
            }
        } catch (SQLException | IOException e) {
            throw new DataException("cannot read the profiles " + parquet + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void group(ObjectNode into, ResultSet rs, Map<String, Integer> col, List<String> names)
            throws SQLException {
        for (String n : names) {
            if (col.containsKey(n)) {
                into.set(n, JSON.valueToTree(value(rs, col, n)));
            }
        }
    }

    private static Object value(ResultSet rs, Map<String, Integer> col, String name) throws SQLException {
        Integer i = col.get(name);
        if (i == null) {
            return null;
        }
        Object v = rs.getObject(i);
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof java.math.BigDecimal b) {
            return b.doubleValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValue();
        }
        if (v instanceof Number) {
            return v;
        }
        return v.toString();
    }

    // ---- answers ----

    /** The user's profile as a JSON body. */
    byte[] profile(String user) {
        requireOn("profiles");
        byte[] b = profiles.get(user);
        if (b == null) {
            throw ApiError.notFound("user", "user '" + Requests.abbreviate(user) + "' has no profile "
                    + "(profiles are made at start from the served log's " + profiles.size() + " users)");
        }
        return b;
    }

    /** The segments. */
    ObjectNode segments() {
        requireOn("segments");
        if (segments == null) {
            throw ApiError.notFound(null, "no segments: " + segmentsNote);
        }
        return segments;
    }

    /** The user's purchase propensity with its reasons. */
    ObjectNode propensity(String user) {
        requireOn("purchase propensity");
        if (propensity == null) {
            throw ApiError.notFound(null, propensityNote);
        }
        Integer row = propensityRows.get(user);
        if (row == null) {
            throw ApiError.notFound("user", "user '" + Requests.abbreviate(user) + "' has no events in the "
                    + "served log, so no propensity");
        }
        PurchasePropensity r = propensity.result();
        float[] x = propensity.now().table().x()[row];
        ObjectNode o = JSON.createObjectNode();
        o.put("user", user);
        o.put("probability", r.scores().get(user));
        o.put("horizonHours", r.horizon() / 3600.0);
        o.put("meaning", "P(buys anything within the horizon after the log's end)");
        ObjectNode m = o.putObject("model");
        m.put("algorithm", "XGBoost on predict's propensity features");
        m.put("protocol", "trained on cut-off end-2H (label: a purchase in [end-2H, end-H)), early-stopped on "
                + "cut-off end-H (label in [end-H, end)), every user scored at the log's end");
        m.put("validationAuc", r.validationAuc());
        m.put("baseline", "recency rule (bought before, then most recently active), same validation cut-off");
        m.put("baselineValidationAuc", baselineAuc);
        m.put("validationBaseRate", propensity.validation().positiveRate());
        ArrayNode reasons = o.putArray("reasons");
        for (Importance.Reason reason : Importance.reasons(propensity.model(), x, propensity.typical(), REASONS)) {
            reasons.addObject().put("feature", reason.feature()).put("value", reason.value())
                    .put("typical", reason.typical()).put("effect", reason.effect()).put("text", reason.text());
        }
        return o;
    }

    /** Whether {@code category} occurs in the served log. */
    boolean knownCategory(String category) {
        requireOn("audiences");
        return store.categories().indexOf(category) >= 0;
    }

    /** Users in the served log. */
    int users() {
        requireOn("audiences");
        return store.numUsers();
    }

    /** Audience methods. */
    static final List<String> METHODS = List.of("propensity", "lookalike");

    /**
     * The top {@code budget} users for a campaign on {@code category} ranked by {@code method}, with the held-out
     * lift table; computed on the first request for the category.
     */
    ObjectNode audience(String category, int budget, String method) {
        Audience a = audienceOf(category);
        if (a.failure() != null) {
            throw new ApiError(422, "category", "no audience for category '" + Requests.abbreviate(category)
                    + "': " + a.failure());
        }
        AudienceExperiment.Scores s = a.now();
        int[] order = a.experiment().ranking(s, method);
        double[] score = method.equals("propensity") ? s.propensity() : s.lookalike();
        ObjectNode o = JSON.createObjectNode();
        o.put("category", category);
        o.put("method", method);
        o.put("meaning", method.equals("propensity")
                ? "P(buys in the category within the horizon), XGBoost on predict's propensity features plus the "
                + "user's history in the category"
                : "cosine similarity of the user's z-scored profile features to the centroid of past buyers in the "
                + "category");
        o.put("horizonHours", options.audienceHorizon().toSeconds() / 3600.0);
        o.put("scoredAt", Instant.ofEpochSecond(s.cutoff()).toString());
        o.put("population", s.userIds().length);
        o.put("budget", budget);
        ArrayNode users = o.putArray("users");
        for (int k = 0; k < Math.min(budget, order.length); k++) {
            int i = order[k];
            users.addObject().put("rank", k + 1).put("user", s.userIds()[i]).put("score", score[i]);
        }
        if (a.evaluation() != null) {
            AudienceReport r = a.evaluation();
            ObjectNode e = o.putObject("evaluation");
            e.put("protocol", r.protocol());
            e.put("cutoff", Instant.ofEpochSecond(r.cutoff()).toString());
            e.put("population", r.population());
            e.put("converters", r.converters());
            e.put("baseRate", r.baseRate());
            e.put("seeds", r.seeds());
            e.put("propensityValidationAuc", r.validationAuc());
            ArrayNode rows = e.putArray("results");
            for (AudienceReport.Result x : r.results()) {
                rows.addObject().put("strategy", x.strategy()).put("budget", x.budget())
                        .put("converters", x.converters()).put("rate", x.rate()).put("lift", x.lift());
            }
        } else {
            o.putNull("evaluation");
            o.put("evaluationNote", a.evaluationNote());
        }
        o.put("computeSeconds", a.seconds());
        return o;
    }

    /**
     * One category's audiences: the scores at the log's end and the held-out evaluation, or why there are none.
     *
     * @param experiment     the experiment (its ranking)
     * @param now            scores at the log's end, or null with {@code failure}
     * @param evaluation     lift@budget on the held-out period, or null with {@code evaluationNote}
     * @param evaluationNote why there is no evaluation, or null
     * @param failure        why there are no audiences, or null
     * @param seconds        wall time of the computation
     */
    private record Audience(AudienceExperiment experiment, AudienceExperiment.Scores now, AudienceReport evaluation,
                            String evaluationNote, String failure, double seconds) {
    }

    private Audience audienceOf(String category) {
        Audience a = audiences.get(category);
        if (a != null) {
            return a;
        }
        synchronized (audienceLock) {
            a = audiences.get(category);
            if (a != null) {
                return a;
            }
            long t0 = System.nanoTime();
            AudienceConfig config = new AudienceConfig(Campaign.ofCategory(category), evaluationBudgets(store.numUsers()),
                    options.audienceHorizon().toSeconds(), null, 1, options.utcOffset(), Long.parseLong(SEED),
                    GbtParams.from(Map.of("seed", SEED)));
            AudienceExperiment e = new AudienceExperiment(config);
            Path work = options.work().resolve("audience");
            AudienceExperiment.Scores now = null;
            AudienceReport report = null;
            String evaluationNote = null;
            String failure = null;
            try {
                now = e.deploy(input, store, work);
            } catch (IllegalArgumentException ex) {
                failure = ex.getMessage();
            }
            if (now != null) {
                try {
                    report = e.evaluate(input, store, work);
                } catch (IllegalArgumentException ex) {
                    evaluationNote = "no held-out evaluation: " + ex.getMessage();
                }
            }
            a = new Audience(e, now, report, evaluationNote, failure, (System.nanoTime() - t0) / 1e9);
            LOG.info("audience for category {} in {} s{}", category, String.format(Locale.ROOT, "%.1f", a.seconds()),
                    failure != null ? ": " + failure : evaluationNote != null ? "; " + evaluationNote : "");
            audiences.put(category, a);
            return a;
        }
    }

    /** The evaluation budgets for {@code users} users: {@link #EVALUATION_SHARES} of them, at least 1, distinct. */
    static List<Integer> evaluationBudgets(int users) {
        TreeSet<Integer> b = new TreeSet<>();
        for (double s : EVALUATION_SHARES) {
            b.add(Math.max(1, (int) Math.round(s * users)));
        }
        return List.copyOf(b);
    }

    private void requireOn(String what) {
        if (note != null) {
            throw ApiError.notFound(null, "no " + what + ": " + note);
        }
    }

    /** Why profiles are not served, or null when they are. */
    String note() {
        return note;
    }

    /** Profiled users. */
    int profiled() {
        return profiles.size();
    }
}
