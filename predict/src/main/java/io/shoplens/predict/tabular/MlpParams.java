package io.shoplens.predict.tabular;

import io.shoplens.core.model.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hyperparameters of {@link MlpTrainer}: a multilayer perceptron (Rumelhart, Hinton &amp; Williams, "Learning
 * representations by back-propagating errors", Nature 1986) with ReLU units and dropout (Srivastava et al., JMLR
 * 2014), trained with Adam (Kingma &amp; Ba, ICLR 2015) on DJL PyTorch. With no hidden layers it is logistic or
 * softmax regression trained by the same loop.
 *
 * @param hidden       units of each hidden layer, each 1..65536, at most 8 layers; empty for a linear model
 * @param epochs       most passes over the training rows, 1..10000; the epoch kept is chosen on validation
 * @param batchSize    rows per step, 1..65536
 * @param learningRate Adam step size, (0, 1]
 * @param weightDecay  L2 weight decay, [0, 1]
 * @param dropout      dropout rate after each hidden layer, [0, 0.9]
 * @param patience     stop after this many epochs without a better validation loss, 1..1000
 * @param threads      PyTorch intra-op threads, 1..1024
 * @param seed         seed of initialisation, dropout and shuffling
 */
public record MlpParams(List<Integer> hidden, int epochs, int batchSize, double learningRate, double weightDecay,
                        double dropout, int patience, int threads, long seed) {
    /** The algorithm name. */
    public static final String NAME = "mlp";

    public MlpParams {
        hidden = List.copyOf(hidden);
        if (hidden.size() > 8) {
            throw new IllegalArgumentException("hidden must have at most 8 layers, got " + hidden);
        }
        for (int h : hidden) {
            if (h < 1 || h > 65_536) {
                throw new IllegalArgumentException("hidden layer sizes must be in 1..65536, got " + hidden);
            }
        }
        range("epochs", epochs, 1, 10_000);
        range("batchSize", batchSize, 1, 65_536);
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], got " + learningRate);
        }
        if (!(weightDecay >= 0 && weightDecay <= 1)) {
            throw new IllegalArgumentException("weightDecay must be in [0, 1], got " + weightDecay);
        }
        if (!(dropout >= 0 && dropout <= 0.9)) {
            throw new IllegalArgumentException("dropout must be in [0, 0.9], got " + dropout);
        }
        range("patience", patience, 1, 1000);
        range("threads", threads, 1, 1024);
    }

    /** Defaults: hidden 64,32; 40 epochs at most; batch 512; Adam 2e-3; decay 1e-4; dropout 0.1; patience 5. */
    public static MlpParams defaults() {
        return new MlpParams(List.of(64, 32), 40, 512, 2e-3, 1e-4, 0.1, 5,
                Runtime.getRuntime().availableProcessors(), 42);
    }

    /** Reads parameters from text ({@code hidden} as {@code 64,32}, or {@code none}), rejecting unknown keys. */
    public static MlpParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        MlpParams d = defaults();
        String h = p.text("hidden", null);
        MlpParams r = new MlpParams(h == null ? d.hidden : parseHidden(h), p.intValue("epochs", d.epochs, 1, 10_000),
                p.intValue("batchSize", d.batchSize, 1, 65_536),
                p.doubleValue("learningRate", d.learningRate, Double.MIN_VALUE, 1),
                p.doubleValue("weightDecay", d.weightDecay, 0, 1), p.doubleValue("dropout", d.dropout, 0, 0.9),
                p.intValue("patience", d.patience, 1, 1000), p.intValue("threads", d.threads, 1, 1024),
                p.longValue("seed", d.seed));
        p.requireAllKnown();
        return r;
    }

    /** A copy with other hidden layers. */
    public MlpParams withHidden(List<Integer> layers) {
        return new MlpParams(layers, epochs, batchSize, learningRate, weightDecay, dropout, patience, threads, seed);
    }

    /** A copy with another epoch limit. */
    public MlpParams withEpochs(int n) {
        return new MlpParams(hidden, n, batchSize, learningRate, weightDecay, dropout, patience, threads, seed);
    }

    private static List<Integer> parseHidden(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("none") || t.isEmpty()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String s : t.split("[,;]")) {
            try {
                out.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter hidden=" + text + " for mlp must be sizes like 64,32 or "
                        + "none");
            }
        }
        return out;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hidden", hidden.isEmpty() ? "none" : hidden.stream().map(String::valueOf).collect(Collectors.joining(",")));
        m.put("epochs", Integer.toString(epochs));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("learningRate", Double.toString(learningRate));
        m.put("weightDecay", Double.toString(weightDecay));
        m.put("dropout", Double.toString(dropout));
        m.put("patience", Integer.toString(patience));
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
