package io.shoplens.recommend.deep.neumf;

import io.shoplens.core.model.Params;
import io.shoplens.recommend.common.ItemCap;
import io.shoplens.recommend.deep.train.TrainingParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hyperparameters of {@link NeuMfTrainer} (He, Liao, Zhang, Nie, Hu &amp; Chua, "Neural Collaborative Filtering",
 * WWW 2017). The defaults are the paper's released configuration: 8 GMF factors, an MLP tower
 * {@code 64 → 32 → 16 → 8} whose first size is the concatenation of a 32-dimensional user and item embedding, 4
 * sampled negatives per observed pair, Adam with learning rate 0.001 and batches of 256 observed pairs (each with
 * its negatives), 20 epochs. The paper's optional pre-training of the two towers is not done: both are trained
 * jointly from scratch, which the paper reports as its "NeuMF without pre-training" variant.
 *
 * @param factors   GMF embedding size (the GMF tower's predictive factors), in [1, 4096]
 * @param layers    MLP sizes: the first is the concatenated user and item embedding (even), the others are the
 *                  hidden ReLU layers; at least two entries, each in [1, 4096]
 * @param negatives negatives sampled per observed (user, item) pair in each epoch, in [1, 1000]
 * @param sampling  {@code uniform} (the paper) or {@code popularity} negatives, never items of the user
 * @param maxItems  0 keeps every item; otherwise the GMF and MLP item embeddings cover only the {@code maxItems}
 *                  items with the most training users (see {@link ItemCap}): pairs with other items are dropped
 *                  from the training examples, negatives are drawn among the kept items, and the other items score
 *                  {@link ItemCap#OUTSIDE_SCORE} and are never recommended, in [0, 2147483647]
 * @param training  the shared training settings (epochs, batch size of observed pairs, learning rate, early
 *                  stopping, seed, ...)
 */
public record NeuMfParams(int factors, List<Integer> layers, int negatives, String sampling, int maxItems,
                          TrainingParams training) {
    /** The registry name. */
    public static final String NAME = "neumf";

    public NeuMfParams {
        check(factors >= 1 && factors <= 4096, "factors", factors, "in [1, 4096]");
        layers = List.copyOf(layers);
        check(layers.size() >= 2, "layers", text(layers), "at least two sizes (the embedding and a hidden layer)");
        for (int l : layers) {
            check(l >= 1 && l <= 4096, "layers", text(layers), "sizes in [1, 4096]");
        }
        check(layers.get(0) % 2 == 0, "layers", text(layers), "led by an even size (user and item halves)");
        check(negatives >= 1 && negatives <= 1000, "negatives", negatives, "in [1, 1000]");
        check("uniform".equals(sampling) || "popularity".equals(sampling), "sampling", sampling,
                "uniform or popularity");
        check(maxItems >= 0, "maxItems", maxItems, "at least 0 (0 = every item)");
        if (training == null) {
            throw new IllegalArgumentException(NAME + " training settings must not be null");
        }
    }

    private static String text(List<Integer> layers) {
        return layers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static void check(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("parameter " + key + "=" + value + " for " + NAME + " must be "
                    + expected);
        }
    }

    /** The paper's released setting (see the class comment), over every item. */
    public static NeuMfParams defaults() {
        return new NeuMfParams(8, List.of(64, 32, 16, 8), 4, "uniform", 0, TrainingParams.defaults(20, 256, 0.001));
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static NeuMfParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        NeuMfParams d = defaults();
        NeuMfParams r = new NeuMfParams(
                p.intValue("factors", d.factors, 1, 4096),
                parseLayers(p.text("layers", text(d.layers))),
                p.intValue("negatives", d.negatives, 1, 1000),
                p.choice("sampling", d.sampling, "uniform", "popularity"),
                p.intValue("maxItems", d.maxItems, 0, Integer.MAX_VALUE),
                TrainingParams.from(p, d.training));
        p.requireAllKnown();
        return r;
    }

    private static List<Integer> parseLayers(String s) {
        List<Integer> out = new ArrayList<>();
        for (String part : s.split("[,;]")) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter layers=" + s + " for " + NAME + " must be sizes "
                        + "separated by commas, e.g. 64,32,16,8", e);
            }
        }
        return out;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("factors", Integer.toString(factors));
        m.put("layers", text(layers));
        m.put("negatives", Integer.toString(negatives));
        m.put("sampling", sampling);
        m.put("maxItems", Integer.toString(maxItems));
        training.putInto(m);
        return m;
    }

    /**
     * The settings that shape the network and its loss, for the checkpoint key ({@code maxItems} only when set, so
     * that checkpoints of uncapped runs keep their key).
     */
    String networkKey() {
        return "factors=" + factors + " layers=" + text(layers) + " negatives=" + negatives + " sampling="
                + sampling + (maxItems == 0 ? "" : " maxItems=" + maxItems);
    }

    /** Size of the MLP tower's user (and item) embedding: half the first layer size. */
    int embedding() {
        return layers.get(0) / 2;
    }

    /** Size of the MLP tower's output: the last layer size. */
    int mlpOut() {
        return layers.get(layers.size() - 1);
    }
}
