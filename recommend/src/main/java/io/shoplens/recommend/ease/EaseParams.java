package io.shoplens.recommend.ease;

import io.shoplens.core.model.Params;
import io.shoplens.core.model.Pruning;
import io.shoplens.recommend.common.Weighting;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link EaseTrainer} (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019).
 *
 * @param lambda    L2 regularisation added to the diagonal of the Gram matrix, in the units of the squared
 *                  interaction strengths (with binary data: co-occurrence counts); greater than 0 and at most
 *                  1e9. Steck used 500 for ML-20M; on the SASRec Games data loo-full validation NDCG@10 is
 *                  best at 100 (flat from 50 to 200), while loo-sampled-99 keeps rising up to 2000 and beyond
 *                  because larger values favour popular items
 * @param maxItems  0 keeps every item; otherwise only the {@code maxItems} items with the most training users
 *                  take part (the model costs {@code maxItems}² floats and O({@code maxItems}³) time), and the
 *                  other items get the lowest score {@link EaseModel#OUTSIDE_SCORE}
 * @param topK      0 stores the weight matrix dense; otherwise each item keeps only the {@code topK} incoming
 *                  weights of largest magnitude (a sparse model of {@code topK} × items weights). Full-ranking
 *                  accuracy barely moves even at 50, but many candidates then score exactly 0 and tie, which
 *                  costs accuracy under sampled protocols
 * @param float64   solve in double precision (twice the memory and about twice the time of the default single
 *                  precision); the weights are stored as floats either way
 * @param weighting how events become interaction strengths; binary by default, as in the paper
 * @param threads   threads for building the Gram matrix, for the PyTorch solver (intra-op threads) and for
 *                  reading back the weights, at least 1; the result does not depend on it except for the
 *                  solver's rounding
 * @param pruning   which training events the model learns from: {@code minItemSupport} and
 *                  {@code lastEvents}, see {@link Pruning}
 */
public record EaseParams(double lambda, int maxItems, int topK, boolean float64, Weighting weighting, int threads, Pruning pruning) {
    /** The registry name. */
    public static final String NAME = "ease";
    /** The default regularisation, chosen by loo-full validation NDCG@10 on the SASRec Games data. */
    public static final double DEFAULT_LAMBDA = 100;

    public EaseParams {
        if (pruning == null) {
            throw new IllegalArgumentException("pruning must not be null");
        }
        if (!(lambda > 0 && lambda <= 1e9)) {
            throw new IllegalArgumentException("lambda must be in (0, 1e9], got " + lambda);
        }
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must be >= 0 (0 = all items), got " + maxItems);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 = dense), got " + topK);
        }
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must not be null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** Defaults: lambda 100, every item, dense weights, single precision, binary strengths, one thread per core. */
    public static EaseParams defaults() {
        return new EaseParams(DEFAULT_LAMBDA, 0, 0, false, Weighting.binary(),
                Runtime.getRuntime().availableProcessors(), Pruning.NONE);
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static EaseParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        EaseParams d = defaults();
        EaseParams r = new EaseParams(
                p.doubleValue("lambda", d.lambda, Double.MIN_VALUE, 1e9),
                p.intValue("maxItems", d.maxItems, 0, Integer.MAX_VALUE),
                p.intValue("topK", d.topK, 0, Integer.MAX_VALUE),
                p.booleanValue("float64", d.float64),
                Weighting.from(p, d.weighting),
                p.intValue("threads", d.threads, 1, 1024),
                Pruning.from(p, d.pruning));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lambda", Double.toString(lambda));
        m.put("maxItems", Integer.toString(maxItems));
        m.put("topK", Integer.toString(topK));
        m.put("float64", Boolean.toString(float64));
        weighting.putInto(m);
        m.put("threads", Integer.toString(threads));
        pruning.putInto(m);
        return m;
    }
}
