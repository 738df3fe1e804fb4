package io.shoplens.recommend.mf;

import io.shoplens.core.model.Params;
import io.shoplens.core.model.Pruning;
import io.shoplens.recommend.common.Weighting;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperparameters of {@link IalsTrainer}, implicit alternating least squares (Hu, Koren &amp; Volinsky, "Collaborative
 * Filtering for Implicit Feedback Datasets", ICDM 2008). The keys map one to one onto Spark MLlib's ALS with
 * {@code implicitPrefs=true}: {@code rank}, {@code iterations} ({@code maxIter}), {@code lambda}
 * ({@code regParam}), {@code alpha}; run with {@code scaleRegByCount=true} for Spark's ALS-WR regularisation.
 *
 * @param rank            factors per user and item, 1..4096
 * @param iterations      alternating sweeps (users then items), 1..1000
 * @param lambda          L2 regularisation, at least 0: per solve {@code lambda}, or {@code lambda * n} with
 *                        {@link #scaleRegByCount} where {@code n} is the user's (item's) number of interactions
 * @param alpha           confidence slope, at least 0: an observed pair of strength {@code r} gets confidence
 *                        {@code c = 1 + alpha * r} (linear) or {@code 1 + alpha * ln(1 + r / epsilon)} (log);
 *                        every unobserved pair has confidence 1 and preference 0
 * @param confidence      {@code linear} or {@code log}
 * @param epsilon         scale of the log confidence, &gt; 0 (ignored for linear)
 * @param scaleRegByCount multiply {@code lambda} by the number of interactions of the user or item being solved
 *                        (Zhou et al. 2008 "ALS-WR", Spark's choice)
 * @param solver          {@code cg}: a few conjugate-gradient steps warm-started from the previous vector
 *                        (Takács, Pilászy &amp; Tikk 2011), {@code O(k² + n k)} per step; {@code cholesky}: the
 *                        exact solve, {@code O(n k² + k³)}
 * @param cgSteps         conjugate-gradient steps per solve, 1..100 (ignored by cholesky)
 * @param initStd         standard deviation of the initial Gaussian factors, &gt; 0
 * @param seed            seed of the initial factors
 * @param threads         training threads, 1..1024; the factors do not depend on it
 * @param weighting       how events become interaction strengths
 * @param pruning   which training events the model learns from: {@code minItemSupport} and
 *                  {@code lastEvents}, see {@link Pruning}
 */
public record IalsParams(int rank, int iterations, double lambda, double alpha, String confidence, double epsilon,
                         boolean scaleRegByCount, String solver, int cgSteps, double initStd, long seed, int threads,
                         Weighting weighting, Pruning pruning) {
    /** The registry name. */
    public static final String NAME = "ials";
    /** Linear confidence {@code 1 + alpha * r}. */
    public static final String LINEAR = "linear";
    /** Logarithmic confidence {@code 1 + alpha * ln(1 + r / epsilon)}. */
    public static final String LOG = "log";
    /** Conjugate-gradient solver. */
    public static final String CG = "cg";
    /** Exact Cholesky solver. */
    public static final String CHOLESKY = "cholesky";

    public IalsParams {
        if (pruning == null) {
            throw new IllegalArgumentException("pruning must not be null");
        }
        check("rank", rank, 1, 4096);
        check("iterations", iterations, 1, 1000);
        check("cgSteps", cgSteps, 1, 100);
        check("threads", threads, 1, 1024);
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number > 0, got " + epsilon);
        }
        if (!(initStd > 0) || initStd > 10) {
            throw new IllegalArgumentException("initStd must be in (0, 10], got " + initStd);
        }
        if (!LINEAR.equals(confidence) && !LOG.equals(confidence)) {
            throw new IllegalArgumentException("confidence must be linear or log, got " + confidence);
        }
        if (!CG.equals(solver) && !CHOLESKY.equals(solver)) {
            throw new IllegalArgumentException("solver must be cg or cholesky, got " + solver);
        }
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must not be null");
        }
    }

    /** Defaults, tuned on the validation part of the SASRec Games data (see the package documentation). */
    public static IalsParams defaults() {
        return new IalsParams(128, 15, 6.0, 30.0, LINEAR, 1.0, true, CG, 3, 0.01, 42,
                Runtime.getRuntime().availableProcessors(), new Weighting(1, 1, 1, 1, 0, false, 2), Pruning.NONE);
    }

    /** Reads parameters from text, rejecting unknown keys; absent keys take {@link #defaults()}. */
    public static IalsParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        IalsParams d = defaults();
        IalsParams r = new IalsParams(
                p.intValue("rank", d.rank, 1, 4096),
                p.intValue("iterations", d.iterations, 1, 1000),
                p.doubleValue("lambda", d.lambda, 0, 1e9),
                p.doubleValue("alpha", d.alpha, 0, 1e9),
                p.choice("confidence", d.confidence, LINEAR, LOG),
                p.doubleValue("epsilon", d.epsilon, Double.MIN_VALUE, 1e9),
                p.booleanValue("scaleRegByCount", d.scaleRegByCount),
                p.choice("solver", d.solver, CG, CHOLESKY),
                p.intValue("cgSteps", d.cgSteps, 1, 100),
                p.doubleValue("initStd", d.initStd, Double.MIN_VALUE, 10),
                p.longValue("seed", d.seed),
                p.intValue("threads", d.threads, 1, 1024),
                Weighting.from(p, d.weighting),
                Pruning.from(p, d.pruning));
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
        m.put("confidence", confidence);
        m.put("epsilon", Double.toString(epsilon));
        m.put("scaleRegByCount", Boolean.toString(scaleRegByCount));
        m.put("solver", solver);
        m.put("cgSteps", Integer.toString(cgSteps));
        m.put("initStd", Double.toString(initStd));
        m.put("seed", Long.toString(seed));
        m.put("threads", Integer.toString(threads));
        weighting.putInto(m);
        pruning.putInto(m);
        return m;
    }

    /** Confidence minus one, {@code c - 1}, of an observed pair of strength {@code r > 0}. */
    public double confidenceMinusOne(double r) {
        return LINEAR.equals(confidence) ? alpha * r : alpha * Math.log1p(r / epsilon);
    }

    /** The regularisation of a user or item with {@code n} interactions. */
    public double regularization(int n) {
        return scaleRegByCount ? lambda * n : lambda;
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in [%d, %d], got %d", key,
                    min, max, value));
        }
    }
}
