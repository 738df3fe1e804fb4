package io.shoplens.predict.image;

import io.shoplens.core.model.Params;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link CnnTrainer}: a small convolutional network (LeCun et al., "Gradient-based learning
 * applied to document recognition", Proc. IEEE 1998) of {@code blocks} conv 3×3 → batch norm (Ioffe &amp; Szegedy,
 * ICML 2015) → ReLU → 2×2 max-pool stages, then dropout (Srivastava et al., JMLR 2014), a dense embedding layer with
 * ReLU (the "visual similarity" embedding) and dropout before the class layer; Adam (Kingma &amp; Ba, ICLR 2015).
 *
 * @param channels     filters of the first stage, doubled at each later stage, 1..512
 * @param blocks       conv stages, 1..4 (each halves the image side)
 * @param embedding    units of the dense embedding layer, 2..4096
 * @param dropout      dropout rate before and after the embedding layer, [0, 0.9]
 * @param epochs       most passes over the training images, 1..1000; the epoch kept is chosen on validation
 * @param batchSize    images per step, 1..4096
 * @param learningRate peak Adam step size, (0, 1]
 * @param schedule     {@code cosine}: the step size decays along a half cosine from {@code learningRate} to 0 over
 *                     {@code epochs} (Loshchilov &amp; Hutter, "SGDR", ICLR 2017, without restarts);
 *                     {@code constant}: it stays at {@code learningRate}
 * @param weightDecay  L2 weight decay, [0, 1]
 * @param patience     stop after this many epochs without better validation accuracy, 1..100
 * @param flip         randomly mirror training images left-right (clothing is roughly symmetric)
 * @param threads      PyTorch intra-op threads, 1..1024
 * @param seed         seed of initialisation, dropout, shuffling and flips
 */
public record CnnParams(int channels, int blocks, int embedding, double dropout, int epochs, int batchSize,
                        double learningRate, String schedule, double weightDecay, int patience, boolean flip,
                        int threads, long seed) {
    /** The algorithm name. */
    public static final String NAME = "cnn";

    public CnnParams {
        range("channels", channels, 1, 512);
        range("blocks", blocks, 1, 4);
        range("embedding", embedding, 2, 4096);
        if (!(dropout >= 0 && dropout <= 0.9)) {
            throw new IllegalArgumentException("dropout must be in [0, 0.9], got " + dropout);
        }
        range("epochs", epochs, 1, 1000);
        range("batchSize", batchSize, 1, 4096);
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], got " + learningRate);
        }
        if (!"cosine".equals(schedule) && !"constant".equals(schedule)) {
            throw new IllegalArgumentException("schedule must be cosine or constant, got " + schedule);
        }
        if (!(weightDecay >= 0 && weightDecay <= 1)) {
            throw new IllegalArgumentException("weightDecay must be in [0, 1], got " + weightDecay);
        }
        range("patience", patience, 1, 100);
        range("threads", threads, 1, 1024);
    }

    /**
     * Defaults: 32 then 64 filters (2 stages), a 128-unit embedding, dropout 0.3, at most 30 epochs of 128 images,
     * Adam 1e-3 with cosine decay, no weight decay, patience 5, flips on, seed 42.
     */
    public static CnnParams defaults() {
        return new CnnParams(32, 2, 128, 0.3, 30, 128, 1e-3, "cosine", 0, 5, true,
                Runtime.getRuntime().availableProcessors(), 42);
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static CnnParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        CnnParams d = defaults();
        CnnParams r = new CnnParams(p.intValue("channels", d.channels, 1, 512), p.intValue("blocks", d.blocks, 1, 4),
                p.intValue("embedding", d.embedding, 2, 4096), p.doubleValue("dropout", d.dropout, 0, 0.9),
                p.intValue("epochs", d.epochs, 1, 1000), p.intValue("batchSize", d.batchSize, 1, 4096),
                p.doubleValue("learningRate", d.learningRate, Double.MIN_VALUE, 1),
                p.choice("schedule", d.schedule, "cosine", "constant"),
                p.doubleValue("weightDecay", d.weightDecay, 0, 1), p.intValue("patience", d.patience, 1, 100),
                p.booleanValue("flip", d.flip), p.intValue("threads", d.threads, 1, 1024), p.longValue("seed", d.seed));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("channels", Integer.toString(channels));
        m.put("blocks", Integer.toString(blocks));
        m.put("embedding", Integer.toString(embedding));
        m.put("dropout", Double.toString(dropout));
        m.put("epochs", Integer.toString(epochs));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("learningRate", Double.toString(learningRate));
        m.put("schedule", schedule);
        m.put("weightDecay", Double.toString(weightDecay));
        m.put("patience", Integer.toString(patience));
        m.put("flip", Boolean.toString(flip));
        m.put("threads", Integer.toString(threads));
        m.put("seed", Long.toString(seed));
        return m;
    }

    private static void range(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
        }
    }
}
