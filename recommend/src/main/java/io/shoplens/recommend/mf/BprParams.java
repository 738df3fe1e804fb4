package io.shoplens.recommend.mf;

import io.shoplens.core.model.Params;
import io.shoplens.core.model.Pruning;
import io.shoplens.recommend.common.Weighting;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperparameters of {@link BprTrainer}, matrix factorisation trained with Bayesian Personalized Ranking (Rendle,
 * Freudenthaler, Gantner &amp; Schmidt-Thieme, "BPR: Bayesian Personalized Ranking from Implicit Feedback", UAI
 * 2009).
 *
 * @param rank         factors per user and item, 1..4096
 * @param epochs       passes; one pass draws as many (user, positive, negative) triples as there are positive
 *                     pairs, 1..100000
 * @param learningRate SGD step size, &gt; 0
 * @param reg          L2 regularisation of user and item factors per update, at least 0
 * @param biasReg      L2 regularisation of the item biases per update, at least 0
 * @param itemBias     learn an item bias (a popularity term) next to the factors
 * @param initStd      standard deviation of the initial Gaussian factors, &gt; 0
 * @param seed         seed of the initial factors and of the triple sampling
 * @param foldIn       how a history becomes a user vector at scoring time: {@code learned} (the trained vector of
 *                     a known user, else {@code mean}), {@code mean} (the mean of the history items' factors) or
 *                     {@code sgd} ({@link #foldInEpochs} BPR passes over the history with the item factors fixed,
 *                     starting from the trained vector of a known user, else from the mean)
 * @param foldInEpochs passes of the {@code sgd} fold-in, 1..1000 (ignored otherwise)
 * @param weighting    how events become interaction strengths; every pair with strength &gt; 0 is a positive
 *                     (so a weight of 0 drops a behaviour, e.g. {@code weight.pv=0} learns from carts, favourites
 *                     and purchases only)
 * @param pruning   which training events the model learns from: {@code minItemSupport} and
 *                  {@code lastEvents}, see {@link Pruning}
 */
public record BprParams(int rank, int epochs, double learningRate, double reg, double biasReg, boolean itemBias,
                        double initStd, long seed, String foldIn, int foldInEpochs, Weighting weighting, Pruning pruning) {
    /** The registry name. */
    public static final String NAME = "bpr";
    /** Fold-in: the trained vector of a known user. */
    public static final String LEARNED = "learned";
    /** Fold-in: the mean of the history items' factors. */
    public static final String MEAN = "mean";
    /** Fold-in: BPR steps on the user vector with the items fixed. */
    public static final String SGD = "sgd";

    public BprParams {
        if (pruning == null) {
            throw new IllegalArgumentException("pruning must not be null");
        }
        check("rank", rank, 1, 4096);
        check("epochs", epochs, 1, 100_000);
        check("foldInEpochs", foldInEpochs, 1, 1000);
        if (!(learningRate > 0) || learningRate > 100) {
            throw new IllegalArgumentException("learningRate must be in (0, 100], got " + learningRate);
        }
        if (!(reg >= 0) || Double.isInfinite(reg)) {
            throw new IllegalArgumentException("reg must be a finite number >= 0, got " + reg);
        }
        if (!(biasReg >= 0) || Double.isInfinite(biasReg)) {
            throw new IllegalArgumentException("biasReg must be a finite number >= 0, got " + biasReg);
        }
        if (!(initStd > 0) || initStd > 10) {
            throw new IllegalArgumentException("initStd must be in (0, 10], got " + initStd);
        }
        if (!LEARNED.equals(foldIn) && !MEAN.equals(foldIn) && !SGD.equals(foldIn)) {
            throw new IllegalArgumentException("foldIn must be learned, mean or sgd, got " + foldIn);
        }
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must not be null");
        }
    }

    /** Defaults, tuned on the validation part of the SASRec Games data (see the package documentation). */
    public static BprParams defaults() {
        return new BprParams(128, 100, 0.3, 0.02, 0.0025, false, 0.1, 42, SGD, 10, Weighting.binary(), Pruning.NONE);
    }

    /** Reads parameters from text, rejecting unknown keys; absent keys take {@link #defaults()}. */
    public static BprParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        BprParams d = defaults();
        BprParams r = new BprParams(
                p.intValue("rank", d.rank, 1, 4096),
                p.intValue("epochs", d.epochs, 1, 100_000),
                p.doubleValue("learningRate", d.learningRate, Double.MIN_VALUE, 100),
                p.doubleValue("reg", d.reg, 0, 1e6),
                p.doubleValue("biasReg", d.biasReg, 0, 1e6),
                p.booleanValue("itemBias", d.itemBias),
                p.doubleValue("initStd", d.initStd, Double.MIN_VALUE, 10),
                p.longValue("seed", d.seed),
                p.choice("foldIn", d.foldIn, LEARNED, MEAN, SGD),
                p.intValue("foldInEpochs", d.foldInEpochs, 1, 1000),
                Weighting.from(p, d.weighting),
                Pruning.from(p, d.pruning));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance; {@code from(asMap())} gives back an equal record. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rank", Integer.toString(rank));
        m.put("epochs", Integer.toString(epochs));
        m.put("learningRate", Double.toString(learningRate));
        m.put("reg", Double.toString(reg));
        m.put("biasReg", Double.toString(biasReg));
        m.put("itemBias", Boolean.toString(itemBias));
        m.put("initStd", Double.toString(initStd));
        m.put("seed", Long.toString(seed));
        m.put("foldIn", foldIn);
        m.put("foldInEpochs", Integer.toString(foldInEpochs));
        weighting.putInto(m);
        pruning.putInto(m);
        return m;
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in [%d, %d], got %d", key,
                    min, max, value));
        }
    }
}
