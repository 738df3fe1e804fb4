package io.shoplens.spark.recommend;

import io.shoplens.core.model.Params;
import io.shoplens.recommend.common.Weighting;
import io.shoplens.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperparameters of {@link SparkAlsTrainer}: Spark MLlib's {@code ALS} with {@code implicitPrefs=true}, the
 * implicit-feedback alternating least squares of Hu, Koren &amp; Volinsky ("Collaborative Filtering for Implicit
 * Feedback Datasets", ICDM 2008) with the per-user (per-item) regularisation {@code regParam * n} of Zhou et al.
 * 2008 ("ALS-WR"), where {@code n} is the number of interactions of the row being solved. The keys are those of
 * Shoplens' own {@code ials}, mapped onto Spark's names.
 *
 * @param rank       factors per user and item ({@code rank}), 1..4096
 * @param iterations alternating sweeps ({@code maxIter}), 1..1000
 * @param lambda     L2 regularisation ({@code regParam}), a finite number &ge; 0, scaled by each row's count
 * @param alpha      confidence slope ({@code alpha}), a finite number &ge; 0: an observed pair of strength
 *                   {@code r} has confidence {@code 1 + alpha * r}, every other pair confidence 1 and preference 0
 * @param seed       seed of Spark's initial factors ({@code seed})
 * @param master     the Spark master the trainer asks {@link SparkSessions} for when it is given no session
 * @param blocks     user blocks and item blocks ({@code numUserBlocks}, {@code numItemBlocks}), 1..10000
 * @param foldIn     {@code always}: every user is scored from the history given at scoring time, folded in with
 *                   the item factors (as Shoplens' {@code ials}); {@code unknown}: users Spark trained a vector for
 *                   are scored with it and only the others are folded in
 * @param weighting  how events become interaction strengths
 */
public record SparkAlsParams(int rank, int iterations, double lambda, double alpha, long seed, String master,
                             int blocks, String foldIn, Weighting weighting) {
    /** The registry name. */
    public static final String NAME = "spark-als";
    /** Fold in every user's given history. */
    public static final String ALWAYS = "always";
    /** Fold in only users without a trained vector. */
    public static final String UNKNOWN = "unknown";

    public SparkAlsParams {
        check("rank", rank, 1, 4096);
        check("iterations", iterations, 1, 1000);
        check("blocks", blocks, 1, 10_000);
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("master must be a Spark master URL, got '" + master + "'");
        }
        if (!ALWAYS.equals(foldIn) && !UNKNOWN.equals(foldIn)) {
            throw new IllegalArgumentException("foldIn must be always or unknown, got " + foldIn);
        }
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must not be null");
        }
    }

    /**
     * Defaults: rank 64, 15 iterations, lambda 0.1, alpha 10, seed 42, {@code local[*]}, Spark's 10 blocks, fold-in
     * always, binary interactions.
     */
    public static SparkAlsParams defaults() {
        return new SparkAlsParams(64, 15, 0.1, 10.0, 42, SparkSessions.DEFAULT_MASTER, 10, ALWAYS,
                Weighting.binary());
    }

    /** Reads parameters from text, rejecting unknown keys; absent keys take {@link #defaults()}. */
    public static SparkAlsParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        SparkAlsParams d = defaults();
        String master = p.text("master", d.master);
        if (master.isBlank()) {
            throw new IllegalArgumentException("parameter master='" + master + "' for " + NAME
                    + " must be a Spark master URL");
        }
        SparkAlsParams r = new SparkAlsParams(
                p.intValue("rank", d.rank, 1, 4096),
                p.intValue("iterations", d.iterations, 1, 1000),
                p.doubleValue("lambda", d.lambda, 0, 1e9),
                p.doubleValue("alpha", d.alpha, 0, 1e9),
                p.longValue("seed", d.seed),
                master.trim(),
                p.intValue("blocks", d.blocks, 1, 10_000),
                p.choice("foldIn", d.foldIn, ALWAYS, UNKNOWN),
                Weighting.from(p, d.weighting));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance; {@code from(asMap())} gives back an equal record. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rank", Integer.toString(rank));
        m.put("iterations", Integer.toString(iterations));
        m.put("lambda", Double.toString(lambda));
        m.put("alpha", Double.toString(alpha));
        m.put("seed", Long.toString(seed));
        m.put("master", master);
        m.put("blocks", Integer.toString(blocks));
        m.put("foldIn", foldIn);
        weighting.putInto(m);
        return m;
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in [%d, %d], got %d", key,
                    min, max, value));
        }
    }
}
