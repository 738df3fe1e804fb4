package io.shoplens.recommend.deep.sasrec;

import io.shoplens.core.model.Params;
import io.shoplens.recommend.deep.train.TrainingParams;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link SasRecTrainer} (Kang &amp; McAuley, "Self-Attentive Sequential Recommendation", ICDM
 * 2018). The defaults are the paper's setting for its sparse data sets such as Games: sequences of the last 50
 * items, 50 hidden units, 2 self-attention blocks with 1 head, dropout 0.5, Adam with learning rate 0.001 and
 * batches of 128 users.
 *
 * @param maxLen   the last {@code maxLen} items of a sequence are used, in [1, 4096]
 * @param hidden   embedding and hidden size d, in [1, 4096], divisible by {@code heads}
 * @param blocks   self-attention blocks, in [1, 64]
 * @param heads    attention heads per block, in [1, 64]
 * @param dropout  dropout rate on embeddings, attention weights and feed-forward outputs, in [0, 1)
 * @param loss     {@code bce}: binary cross-entropy of each position's next item against one sampled negative, as
 *                 in the paper; {@code ce}: softmax cross-entropy over all items at every position; {@code sampled}:
 *                 softmax cross-entropy over the next item and {@code negatives} items drawn for that position
 * @param sampling how negatives are drawn for {@code bce} and {@code sampled}, among the items the user never
 *                 touched: {@code uniform} (the paper) or {@code popularity}
 * @param negatives negatives per position for {@code sampled}, in [1, 100000] (unused by the other losses)
 * @param buckets  draw batches of users with similar sequence lengths (pools of 50 batches sorted by length)
 *                 instead of uniformly shuffled ones, so that short sequences are not padded to long ones; the
 *                 paper pads every batch to {@code maxLen}
 * @param training the shared training settings (epochs, batch size, learning rate, early stopping, seed, ...)
 */
public record SasRecParams(int maxLen, int hidden, int blocks, int heads, double dropout, String loss,
                           String sampling, int negatives, boolean buckets, TrainingParams training) {
    /** The losses. */
    public static final String[] LOSSES = {"bce", "ce", "sampled"};

    /** The registry name. */
    public static final String NAME = "sasrec";

    public SasRecParams {
        check(maxLen >= 1 && maxLen <= 4096, "maxLen", maxLen, "in [1, 4096]");
        check(hidden >= 1 && hidden <= 4096, "hidden", hidden, "in [1, 4096]");
        check(blocks >= 1 && blocks <= 64, "blocks", blocks, "in [1, 64]");
        check(heads >= 1 && heads <= 64, "heads", heads, "in [1, 64]");
        check(hidden % heads == 0, "hidden", hidden, "divisible by heads=" + heads);
        check(dropout >= 0 && dropout < 1, "dropout", dropout, "in [0, 1)");
        check(java.util.List.of(LOSSES).contains(loss), "loss", loss, "bce, ce or sampled");
        check("uniform".equals(sampling) || "popularity".equals(sampling), "sampling", sampling,
                "uniform or popularity");
        check(negatives >= 1 && negatives <= 100_000, "negatives", negatives, "in [1, 100000]");
        if (training == null) {
            throw new IllegalArgumentException("sasrec training settings must not be null");
        }
    }

    private static void check(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("parameter " + key + "=" + value + " for " + NAME + " must be "
                    + expected);
        }
    }

    /** The paper's Games setting: 200 epochs, early stopping on validation NDCG@10 every 5 epochs. */
    public static SasRecParams defaults() {
        return new SasRecParams(50, 50, 2, 1, 0.5, "bce", "uniform", 100, true,
                TrainingParams.defaults(200, 128, 0.001));
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static SasRecParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        SasRecParams d = defaults();
        SasRecParams r = new SasRecParams(
                p.intValue("maxLen", d.maxLen, 1, 4096),
                p.intValue("hidden", d.hidden, 1, 4096),
                p.intValue("blocks", d.blocks, 1, 64),
                p.intValue("heads", d.heads, 1, 64),
                p.doubleValue("dropout", d.dropout, 0, 0.999),
                p.choice("loss", d.loss, LOSSES),
                p.choice("sampling", d.sampling, "uniform", "popularity"),
                p.intValue("negatives", d.negatives, 1, 100_000),
                p.booleanValue("buckets", d.buckets),
                TrainingParams.from(p, d.training));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("maxLen", Integer.toString(maxLen));
        m.put("hidden", Integer.toString(hidden));
        m.put("blocks", Integer.toString(blocks));
        m.put("heads", Integer.toString(heads));
        m.put("dropout", Double.toString(dropout));
        m.put("loss", loss);
        m.put("sampling", sampling);
        m.put("negatives", Integer.toString(negatives));
        m.put("buckets", Boolean.toString(buckets));
        training.putInto(m);
        return m;
    }

    /** The settings that shape the network and its loss, for the checkpoint key. */
    String networkKey() {
        return "maxLen=" + maxLen + " hidden=" + hidden + " blocks=" + blocks + " heads=" + heads + " dropout="
                + dropout + " loss=" + loss + " sampling=" + sampling + ("sampled".equals(loss) ? " negatives="
                + negatives : "") + " buckets=" + buckets;
    }

    /** A copy with other training settings. */
    public SasRecParams withTraining(TrainingParams t) {
        return new SasRecParams(maxLen, hidden, blocks, heads, dropout, loss, sampling, negatives, buckets, t);
    }
}
