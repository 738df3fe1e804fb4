package io.shoplens.profile.audience;

import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.AnalyticsOptions;
import io.shoplens.analytics.Dialect;
import io.shoplens.analytics.DuckDbEngine;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.io.LoadReport;
import io.shoplens.predict.propensity.PropensityFeatures;
import io.shoplens.predict.tabular.GbtTrainer;
import io.shoplens.predict.tabular.Metrics;
import io.shoplens.predict.tabular.TabularModel;
import io.shoplens.predict.tabular.Table;
import io.shoplens.profile.ProfileOptions;
import io.shoplens.profile.ProfileSql;
import io.shoplens.profile.Pseudonymizer;
import io.shoplens.profile.TagRules;
import io.shoplens.profile.segment.SegmentFeatures;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ad audiences for a campaign (a category or a set of items), and their held-out evaluation. "Advertised items"
 * are the category's items or the campaign's items.
 *
 * <p>At a cut-off T every user with an event before T is scored four ways, using events strictly before T only:
 * <ul>
 *   <li>propensity: P(buys an advertised item within H) by predict's XGBoost learner on predict's propensity
 *       features ({@link PropensityFeatures}) plus the user's history with the advertised items
 *       ({@link #CAMPAIGN_FEATURES}), trained on cut-offs T-2H, T-3H, ... (labels in the H after each, all before
 *       T) and early-stopped on cut-off T-H;</li>
 *   <li>lookalike: cosine similarity of the user's z-scored profile vector (the segmentation features of
 *       {@link SegmentFeatures} plus the share of the user's events on advertised items) to the centroid of the
 *       seed users, who bought an advertised item before T;</li>
 *   <li>popularity targeting: the most active users (events before T);</li>
 *   <li>random: a seeded shuffle.</li>
 * </ul>
 * An audience is the top {@code budget} users of a ranking (ties by user order). Held out: T is the last event
 * + 1 s - H by default, the outcome is a purchase of an advertised item in [T, T+H), and lift@budget = converters'
 * share in the audience / their share in the whole population. The exported audiences are ranked the same way at
 * the end of the log (cut-off = last event + 1 s), for the H to come.
 */
public final class AudienceExperiment {
    private static final Logger LOG = LoggerFactory.getLogger(AudienceExperiment.class);

    private final AudienceConfig config;

    /** An experiment for {@code config}. */
    public AudienceExperiment(AudienceConfig config) {
        this.config = config;
    }

    /**
     * Every population user's scores at one cut-off.
     *
     * @param cutoff        the cut-off, epoch seconds
     * @param userIds       external user ids, in population order
     * @param propensity    propensity score per user
     * @param lookalike     lookalike score per user
     * @param activity      events before the cut-off per user
     * @param outcome       1 when the user bought an advertised item in [cutoff, cutoff + H) (all 0 at the log's
     *                      end)
     * @param seeds         users who bought an advertised item before the cut-off
     * @param validationAuc the propensity model's AUC on its validation cut-off
     */
    public record Scores(long cutoff, String[] userIds, double[] propensity, double[] lookalike, double[] activity,
                         float[] outcome, int seeds, double validationAuc) {
        /** The scores of {@code strategy} (random has none: see {@link #ranking}). */
        double[] of(String strategy) {
            return switch (strategy) {
                case "propensity" -> propensity;
                case "lookalike" -> lookalike;
                case "popularity" -> activity;
                default -> throw new IllegalArgumentException("strategy " + strategy + " has no scores");
            };
        }
    }

    /** Trains and scores at the held-out cut-off and evaluates every strategy at every budget. */
    public AudienceReport evaluate(AnalyticsInput input, InteractionStore store, Path work) {
        long h = config.horizonSeconds();
        long t = config.cutoff() != null ? config.cutoff() : lastTime(store) + 1 - h;
        Scores s = scoreAt(input, store, t, work);
        int n = s.userIds().length;
        int converters = 0;
        for (float y : s.outcome()) {
            converters += y > 0.5f ? 1 : 0;
        }
        if (converters == 0) {
            throw new IllegalArgumentException("nobody bought the campaign's " + config.campaign().describe()
                    + " in the " + h / 3600.0 + " h after " + Instant.ofEpochSecond(t) + "; lift is undefined: use a "
                    + "longer horizon or another campaign");
        }
        double base = (double) converters / n;
        List<AudienceReport.Result> results = new ArrayList<>();
        for (String strategy : AudienceReport.STRATEGIES) {
            int[] order = ranking(s, strategy);
            for (int budget : config.budgets()) {
                int b = Math.min(budget, n);
                int hits = 0;
                for (int k = 0; k < b; k++) {
                    hits += s.outcome()[order[k]] > 0.5f ? 1 : 0;
                }
                double rate = (double) hits / b;
                results.add(new AudienceReport.Result(strategy, b, hits, rate, rate / base));
            }
        }
        String protocol = String.format(Locale.ROOT, "held-out cut-off T = %s, horizon H = %.4g h: population = "
                + "users with an event before T (%d); outcome = buys from %s in [T, T+H) (%d users, base "
                + "rate %.4f); every score uses events before T only; propensity = XGBoost on predict's "
                + "propensity features plus campaign history, trained on %d cut-off(s) from T-2H back, early-stopped on T-H; lookalike = "
                + "cosine to the centroid of %d past campaign buyers on z-scored profile features; popularity = most "
                + "events before T; random seeded %d; lift@budget = audience conversion rate / base rate",
                Instant.ofEpochSecond(t), h / 3600.0, n, config.campaign().describe(), converters, base, config.trainCutoffs(),
                s.seeds(), config.seed());
        return new AudienceReport(protocol, config.campaign().describe(), t, h, n, converters, s.seeds(), s.validationAuc(),
                results);
    }

    /** Trains the propensity model on cut-offs before the log's end and scores everyone at the end. */
    public Scores deploy(AnalyticsInput input, InteractionStore store, Path work) {
        return scoreAt(input, store, lastTime(store) + 1, work);
    }

    /** Every user's scores at {@code cutoff}, from events strictly before it. */
    public Scores scoreAt(AnalyticsInput input, InteractionStore store, long cutoff, Path work) {
        long h = config.horizonSeconds();
        Campaign.Matcher c = config.campaign().matcher(store);
        long first = Long.MAX_VALUE;
        for (int p = 0; p < store.numEvents(); p++) {
            first = Math.min(first, store.timeAt(p));
        }
        long earliest = cutoff - (config.trainCutoffs() + 1L) * h;
        if (earliest <= first) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the log spans %.2f h before the cut-off "
                    + "%s, but a horizon of %.2f h with %d training cut-off(s) needs more than %.2f h; use a shorter "
                    + "horizon", (cutoff - first) / 3600.0, Instant.ofEpochSecond(cutoff), h / 3600.0,
                    config.trainCutoffs(), (config.trainCutoffs() + 1.0) * h / 3600.0));
        }
        String fp = fingerprint(input);
        List<Table> trainParts = new ArrayList<>();
        for (int k = 0; k < config.trainCutoffs(); k++) {
            trainParts.add(rows(store, cutoff - (k + 2L) * h, c, fp).table());
        }
        Table train = concat(trainParts);
        Table valid = rows(store, cutoff - h, c, fp).table();
        for (Table tb : List.of(train, valid)) {
            if (tb.positiveRate() == 0) {
                throw new IllegalArgumentException("nobody bought from the campaign's "
                        + config.campaign().describe() + " after a training or validation cut-off; the propensity model needs buyers: use a longer horizon");
            }
        }
        TabularModel model = new GbtTrainer(config.gbt()).train(train, valid);
        double auc = valid.positiveRate() < 1 ? Metrics.auc(model.predictFirst(valid), valid.y()) : Double.NaN;
        PropensityFeatures.Rows now = rows(store, cutoff, c, fp);
        double[] propensity = model.predictFirst(now.table());
        int n = now.users().length;
        String[] ids = new String[n];
        double[] activity = new double[n];
        for (int i = 0; i < n; i++) {
            int u = now.users()[i];
            ids[i] = store.users().externalId(u);
            int count = 0;
            for (int p = store.userStart(u); p < store.userEnd(u); p++) {
                count += store.timeAt(p) < cutoff ? 1 : 0;
            }
            activity[i] = count;
        }
        Lookalike look = lookalike(input, cutoff, ids, work);
        LOG.info("cut-off {}: {} users, {} seeds, propensity validation AUC {}", Instant.ofEpochSecond(cutoff), n,
                look.seeds, String.format(Locale.ROOT, "%.4f", auc));
        return new Scores(cutoff, ids, propensity, look.scores, activity, now.table().y(), look.seeds, auc);
    }

    /** Campaign features appended to predict's propensity features, in order. */
    static final List<String> CAMPAIGN_FEATURES = List.of("cat_events", "cat_events_w1", "cat_buys", "cat_cart_fav",
            "cat_share", "cat_hours_since_last");

    /**
     * Predict's propensity rows at {@code cutoff} with the label "buys an advertised item in [cutoff, cutoff + H)"
     * and the campaign features appended, all from events before the cut-off: events on advertised items, such
     * events in the last H, buys, and carts plus favourites of them (each log(1 + n)), their share of the user's
     * events, and hours since the user's last such event (the observed history before the cut-off when none).
     */
    private PropensityFeatures.Rows rows(InteractionStore store, long cutoff, Campaign.Matcher c, String fp) {
        long h = config.horizonSeconds();
        PropensityFeatures.Rows base = PropensityFeatures.build(store, cutoff, h, Math.max(c.category(), 0),
                config.utcOffsetHours(), fp);
        long first = Long.MAX_VALUE;
        for (int p = 0; p < store.numEvents(); p++) {
            if (store.timeAt(p) < cutoff) {
                first = Math.min(first, store.timeAt(p));
            }
        }
        double observed = first == Long.MAX_VALUE ? 0 : (cutoff - first) / 3600.0;
        Table t = base.table();
        int d = t.columns();
        float[][] x = new float[t.rows()][];
        float[] y = new float[t.rows()];
        for (int i = 0; i < x.length; i++) {
            int u = base.users()[i];
            int events = 0;
            int inCat = 0;
            int recent = 0;
            int buys = 0;
            int cartFav = 0;
            long last = Long.MIN_VALUE;
            for (int p = store.userStart(u); p < store.userEnd(u); p++) {
                long time = store.timeAt(p);
                if (time >= cutoff) {
                    if (time < cutoff + h && store.behaviorCodeAt(p) == 3 && c.matches(p)) {
                        y[i] = 1;
                    }
                    continue;
                }
                events++;
                if (c.matches(p)) {
                    inCat++;
                    recent += time >= cutoff - h ? 1 : 0;
                    int b = store.behaviorCodeAt(p);
                    buys += b == 3 ? 1 : 0;
                    cartFav += b == 1 || b == 2 ? 1 : 0;
                    last = Math.max(last, time);
                }
            }
            float[] row = Arrays.copyOf(t.x()[i], d + CAMPAIGN_FEATURES.size());
            row[d] = (float) Math.log1p(inCat);
            row[d + 1] = (float) Math.log1p(recent);
            row[d + 2] = (float) Math.log1p(buys);
            row[d + 3] = (float) Math.log1p(cartFav);
            row[d + 4] = events == 0 ? 0 : (float) inCat / events;
            row[d + 5] = (float) (last == Long.MIN_VALUE ? observed : (cutoff - last) / 3600.0);
            x[i] = row;
        }
        List<String> names = new ArrayList<>(t.featureNames());
        names.addAll(CAMPAIGN_FEATURES);
        return new PropensityFeatures.Rows(base.users(), new Table(names, x, y, t.task(), t.numClasses(),
                t.fingerprint().replaceFirst(" category=-?\\d+$", "") + " campaign=" + config.campaign().describe()
                        + " + campaign features"));
    }

    private record Lookalike(double[] scores, int seeds) {
    }

    /**
     * Lookalike scores of {@code ids} at {@code cutoff}: the profile table of the events before the cut-off (the
     * same SQL as {@code shoplens profile}), z-scored over the population, plus the share of events on advertised
     * items.
     */
    private Lookalike lookalike(AnalyticsInput input, long cutoff, String[] ids, Path work) {
        List<SegmentFeatures.Feature> features = SegmentFeatures.of(input.hasItems());
        Path past = work.resolve("past-" + cutoff + ".parquet");
        Path profile = work.resolve("profile-past-" + cutoff + ".parquet");
        String about = config.campaign().sqlCondition();
        Map<String, double[]> vectors = new HashMap<>();
        Map<String, Boolean> bought = new HashMap<>();
        try {
            Files.createDirectories(work);
            try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement()) {
                st.execute("COPY (SELECT * FROM read_parquet('" + sql(input.events()) + "') WHERE ts < " + cutoff
                        + ") TO '" + sql(past) + "' (FORMAT parquet)");
            }
            AnalyticsInput pastInput = new AnalyticsInput(input.name() + " before " + cutoff, past, input.items(),
                    input.reports(), 0);
            AnalyticsOptions ao = new AnalyticsOptions(config.utcOffsetHours(), AnalyticsOptions.DEFAULT_TOP_N,
                    input.hasItems());
            try (DuckDbEngine engine = new DuckDbEngine(pastInput, ao)) {
                engine.export(ProfileSql.sql(Dialect.DUCKDB, ProfileOptions.of(ao), TagRules.parse("", "none")),
                        profile);
            }
            try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("WITH c AS (SELECT CAST(user_id AS VARCHAR) AS uid, "
                         + "AVG(CASE WHEN " + about + " THEN 1.0 ELSE 0.0 END) AS share, "
                         + "MAX(CASE WHEN behavior = 'buy' AND " + about + " THEN 1 ELSE 0 END) AS bought FROM read_parquet('" + sql(past) + "') GROUP BY 1) "
                         + "SELECT c.uid, c.share, c.bought, " + SegmentFeatures.selectList(features)
                         + " FROM (SELECT CAST(user_id AS VARCHAR) AS pid, * FROM read_parquet('" + sql(profile)
                         + "')) p JOIN c ON c.uid = p.pid")) {
                while (rs.next()) {
                    double[] v = new double[features.size() + 1];
                    v[0] = rs.getDouble(2);
                    for (int j = 0; j < features.size(); j++) {
                        v[j + 1] = rs.getDouble(j + 4);
                        if (rs.wasNull()) {
                            v[j + 1] = Double.NaN;
                        }
                    }
                    vectors.put(rs.getString(1), v);
                    bought.put(rs.getString(1), rs.getInt(3) == 1);
                }
            }
            Files.deleteIfExists(past);
            Files.deleteIfExists(profile);
        } catch (IOException | SQLException e) {
            throw new DataException("cannot build the profile vectors before " + Instant.ofEpochSecond(cutoff) + ": "
                    + e.getMessage(), e);
        }
        int n = ids.length;
        double[][] x = new double[n][];
        boolean[] seed = new boolean[n];
        int seeds = 0;
        for (int i = 0; i < n; i++) {
            x[i] = vectors.get(ids[i]);
            if (x[i] == null) {
                throw new IllegalStateException("user " + ids[i] + " has events before the cut-off but no profile");
            }
            seed[i] = bought.get(ids[i]);
            seeds += seed[i] ? 1 : 0;
        }
        if (seeds == 0) {
            throw new IllegalArgumentException("nobody bought from the campaign's " + config.campaign().describe()
                    + " before "
                    + Instant.ofEpochSecond(cutoff) + "; lookalike targeting needs past buyers as seeds");
        }
        zScore(x);
        double[] centroid = new double[x[0].length];
        for (int i = 0; i < n; i++) {
            if (seed[i]) {
                for (int j = 0; j < centroid.length; j++) {
                    centroid[j] += x[i][j] / seeds;
                }
            }
        }
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = cosine(x[i], centroid);
        }
        return new Lookalike(scores, seeds);
    }

    private static void zScore(double[][] x) {
        int d = x[0].length;
        for (int j = 0; j < d; j++) {
            double sum = 0;
            int cnt = 0;
            for (double[] r : x) {
                if (!Double.isNaN(r[j])) {
                    sum += r[j];
                    cnt++;
                }
            }
            double mean = cnt == 0 ? 0 : sum / cnt;
            double ss = 0;
            for (double[] r : x) {
                if (!Double.isNaN(r[j])) {
                    ss += (r[j] - mean) * (r[j] - mean);
                }
            }
            double sd = cnt < 2 ? 1 : Math.sqrt(ss / (cnt - 1));
            if (sd < 1e-12) {
                sd = 1;
            }
            for (double[] r : x) {
                r[j] = Double.isNaN(r[j]) ? 0 : (r[j] - mean) / sd;
            }
        }
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** Population indices ranked by {@code strategy}: highest score first, ties by index; random is shuffled. */
    public int[] ranking(Scores s, String strategy) {
        int n = s.userIds().length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (strategy.equals("random")) {
            java.util.Collections.shuffle(Arrays.asList(idx), new Random(config.seed()));
        } else {
            double[] v = s.of(strategy);
            Arrays.sort(idx, (a, b) -> v[a] != v[b] ? Double.compare(v[b], v[a]) : Integer.compare(a, b));
        }
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /**
     * Writes the top {@code budget} users of {@code strategy} as CSV {@code rank,user_id,score}, user ids
     * pseudonymised when {@code pseudonymizer} is given.
     */
    public void writeAudience(Scores s, String strategy, int budget, Pseudonymizer pseudonymizer, Path file) {
        int[] order = ranking(s, strategy);
        double[] v = strategy.equals("random") ? null : s.of(strategy);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("rank,user_id,score\n");
            for (int k = 0; k < Math.min(budget, order.length); k++) {
                String id = s.userIds()[order[k]];
                w.write((k + 1) + "," + (pseudonymizer == null ? id : pseudonymizer.pseudonym(id)) + ","
                        + (v == null ? "" : Double.toString(v[order[k]])) + "\n");
            }
        } catch (IOException e) {
            throw new DataException("cannot write the audience " + file + ": " + e.getMessage(), e);
        }
    }

    private static Table concat(List<Table> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = parts.stream().mapToInt(Table::rows).sum();
        float[][] x = new float[n][];
        float[] y = new float[n];
        int k = 0;
        StringBuilder fp = new StringBuilder();
        for (Table t : parts) {
            for (int i = 0; i < t.rows(); i++) {
                x[k] = t.x()[i];
                y[k++] = t.y()[i];
            }
            fp.append(fp.length() == 0 ? "" : " + ").append(t.fingerprint());
        }
        Table t = parts.get(0);
        return new Table(t.featureNames(), x, y, t.task(), t.numClasses(), fp.toString());
    }

    static long lastTime(InteractionStore store) {
        long last = Long.MIN_VALUE;
        for (int p = 0; p < store.numEvents(); p++) {
            last = Math.max(last, store.timeAt(p));
        }
        if (last == Long.MIN_VALUE) {
            throw new IllegalArgumentException("the behaviour log is empty");
        }
        return last;
    }

    private static String fingerprint(AnalyticsInput input) {
        StringBuilder sb = new StringBuilder();
        for (LoadReport r : input.reports()) {
            sb.append(sb.length() == 0 ? "" : "+").append(r.sha256());
        }
        return sb.toString();
    }

    private static String sql(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
