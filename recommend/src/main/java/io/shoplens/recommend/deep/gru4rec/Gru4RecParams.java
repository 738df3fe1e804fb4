package io.shoplens.recommend.deep.gru4rec;

import io.shoplens.core.model.Params;
import io.shoplens.recommend.deep.train.TrainingParams;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link Gru4RecTrainer}: session-based recommendation with recurrent networks (Hidasi,
 * Karatzoglou, Baltrunas &amp; Tikk, "Session-based Recommendations with Recurrent Neural Networks", ICLR 2016) with
 * the improvements of Hidasi &amp; Karatzoglou ("Recurrent Neural Networks with Top-k Gains for Session-based
 * Recommendations", CIKM 2018): many shared negative samples drawn by popularity and a cross-entropy loss over the
 * target and the samples. Each user's behaviour sequence is one session. The defaults follow the papers: one
 * recurrent layer of 100 units, a learned item embedding, dropout 0.25, 2048 shared popularity-sampled negatives.
 *
 * @param cell       the recurrent cell, {@code gru} (the papers) or {@code lstm}
 * @param maxLen     the last {@code maxLen} items of a sequence are used, in [1, 4096]
 * @param embedding  item embedding size at the input, in [1, 4096]
 * @param hidden     recurrent state size, in [1, 4096]
 * @param dropout    dropout rate on the input embeddings and on the recurrent outputs, in [0, 1)
 * @param loss       {@code sampled}: softmax cross-entropy of each position's next item against the batch's other
 *                   next items and {@code negatives} shared samples (2018 paper); {@code ce}: softmax cross-entropy
 *                   over all items
 * @param negatives  shared negative samples per batch for {@code sampled}, in [1, 1000000]
 * @param sampling   how the shared negatives are drawn: {@code popularity} (count^0.75) or {@code uniform}
 * @param buckets    draw batches of users with similar sequence lengths (pools of 50 batches sorted by length)
 * @param training   the shared training settings (epochs, batch size of users, learning rate, early stopping,
 *                   seed, ...)
 */
public record Gru4RecParams(String cell, int maxLen, int embedding, int hidden, double dropout, String loss,
                            int negatives, String sampling, boolean buckets, TrainingParams training) {
    /** The registry name. */
    public static final String NAME = "gru4rec";

    public Gru4RecParams {
        check("gru".equals(cell) || "lstm".equals(cell), "cell", cell, "gru or lstm");
        check(maxLen >= 1 && maxLen <= 4096, "maxLen", maxLen, "in [1, 4096]");
        check(embedding >= 1 && embedding <= 4096, "embedding", embedding, "in [1, 4096]");
        check(hidden >= 1 && hidden <= 4096, "hidden", hidden, "in [1, 4096]");
        check(dropout >= 0 && dropout < 1, "dropout", dropout, "in [0, 1)");
        check("sampled".equals(loss) || "ce".equals(loss), "loss", loss, "sampled or ce");
        check(negatives >= 1 && negatives <= 1_000_000, "negatives", negatives, "in [1, 1000000]");
        check("uniform".equals(sampling) || "popularity".equals(sampling), "sampling", sampling,
                "uniform or popularity");
        if (training == null) {
            throw new IllegalArgumentException(NAME + " training settings must not be null");
        }
    }

    private static void check(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("parameter " + key + "=" + value + " for " + NAME + " must be "
                    + expected);
        }
    }

    /**
     * GRU with 100 units over the last 50 items, 64-dimensional item embeddings, dropout 0.25, sampled
     * cross-entropy with 2048 popularity-sampled negatives, batches of 128 users, Adam with learning rate 0.002,
     * up to 100 epochs with early stopping on validation NDCG@10 every 5 epochs.
     */
    public static Gru4RecParams defaults() {
        return new Gru4RecParams("gru", 50, 64, 100, 0.25, "sampled", 2048, "popularity", true,
                TrainingParams.defaults(100, 128, 0.002));
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static Gru4RecParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        Gru4RecParams d = defaults();
        Gru4RecParams r = new Gru4RecParams(
                p.choice("cell", d.cell, "gru", "lstm"),
                p.intValue("maxLen", d.maxLen, 1, 4096),
                p.intValue("embedding", d.embedding, 1, 4096),
                p.intValue("hidden", d.hidden, 1, 4096),
                p.doubleValue("dropout", d.dropout, 0, 0.999),
                p.choice("loss", d.loss, "sampled", "ce"),
                p.intValue("negatives", d.negatives, 1, 1_000_000),
                p.choice("sampling", d.sampling, "uniform", "popularity"),
                p.booleanValue("buckets", d.buckets),
                TrainingParams.from(p, d.training));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cell", cell);
        m.put("maxLen", Integer.toString(maxLen));
        m.put("embedding", Integer.toString(embedding));
        m.put("hidden", Integer.toString(hidden));
        m.put("dropout", Double.toString(dropout));
        m.put("loss", loss);
        m.put("negatives", Integer.toString(negatives));
        m.put("sampling", sampling);
        m.put("buckets", Boolean.toString(buckets));
        training.putInto(m);
        return m;
    }

    /** The settings that shape the network and its loss, for the checkpoint key. */
    String networkKey() {
        return "cell=" + cell + " maxLen=" + maxLen + " embedding=" + embedding + " hidden=" + hidden + " dropout="
                + dropout + " loss=" + loss + " negatives=" + negatives + " sampling=" + sampling + " buckets="
                + buckets;
    }

    /** Gates per state unit: 3 for a GRU (reset, update, new), 4 for an LSTM (input, forget, cell, output). */
    int gates() {
        return "gru".equals(cell) ? 3 : 4;
    }
}
