package io.shoplens.recommend.deep.gru4rec;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.recommend.common.Dense;
import io.shoplens.recommend.deep.infer.Histories;
import io.shoplens.recommend.deep.infer.ItemWeightsFile;
import io.shoplens.recommend.deep.train.Weights;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A trained GRU4Rec model (Hidasi et al., ICLR 2016; Hidasi &amp; Karatzoglou, CIKM 2018). A user is encoded by
 * running the recurrent cell from a zero state over the last {@code maxLen} items of the history it is given (items
 * outside the model's range are skipped), so it scores any history, including live events and users unseen in
 * training; the score of item i is {@code o_i · h + b_i} with h the final state. An empty history has the zero
 * state, so its scores are the output biases.
 *
 * <p>{@link #explain} removes each of the {@value #EXPLAIN_EVENTS} most recent events in turn, re-runs the cell and
 * reports the events whose removal lowers the target's score most (at most {@value #EVIDENCE}). The cell runs on
 * the Java heap with PyTorch's gate equations ({@link Dense}); the model is immutable and thread-safe.
 */
public final class Gru4RecModel implements Recommender {
    /** Recent events tried by {@link #explain}. */
    static final int EXPLAIN_EVENTS = 20;
    /** Evidence events returned by {@link #explain}. */
    static final int EVIDENCE = 5;

    private final int numItems;
    private final Gru4RecParams params;
    private final Weights weights;
    private final int e;
    private final int h;
    private final boolean gru;
    private final float[] item;
    private final float[] ih;
    private final float[] hh;
    private final float[] ihBias;
    private final float[] hhBias;
    private final float[] out;
    private final float[] outBias;
    private final Provenance provenance;

    /** A model over {@code numItems} items with trained {@code weights}; provenance null for a snapshot. */
    Gru4RecModel(int numItems, Gru4RecParams params, Weights weights, Provenance provenance) {
        this.numItems = numItems;
        this.params = params;
        this.weights = weights;
        this.e = params.embedding();
        this.h = params.hidden();
        this.gru = "gru".equals(params.cell());
        int g = params.gates() * h;
        this.item = weights.values("item", numItems + 1L, e);
        this.ih = weights.values("cell.ih.weight", g, e);
        this.hh = weights.values("cell.hh.weight", g, h);
        this.ihBias = weights.values("cell.ih.bias", g);
        this.hhBias = weights.values("cell.hh.bias", g);
        this.out = weights.values("out.weight", numItems, h);
        this.outBias = weights.values("out.bias", numItems);
        this.provenance = provenance != null ? provenance : new Provenance(Gru4RecParams.NAME, params.asMap(),
                "snapshot", params.training().seed(), Provenance.shoplensVersion(), Instant.now(), 0);
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** The hyperparameters. */
    public Gru4RecParams params() {
        return params;
    }

    /** The trained weights (heap arrays; do not modify). */
    public Weights weights() {
        return weights;
    }

    /** The final state (hidden floats) after the last {@code maxLen} of {@code items} (all in range). */
    float[] encode(int[] items) {
        int g = params.gates() * h;
        float[] state = new float[h];
        float[] cellState = gru ? null : new float[h];
        float[] gi = new float[g];
        float[] gh = new float[g];
        for (int k = Math.max(0, items.length - params.maxLen()); k < items.length; k++) {
            Dense.affine(ih, ihBias, item, (items[k] + 1) * e, e, g, gi);
            Dense.affine(hh, hhBias, state, 0, h, g, gh);
            if (gru) {
                for (int j = 0; j < h; j++) {
                    float r = Dense.sigmoid(gi[j] + gh[j]);
                    float z = Dense.sigmoid(gi[h + j] + gh[h + j]);
                    float n = (float) Math.tanh(gi[2 * h + j] + r * gh[2 * h + j]);
                    state[j] = (1 - z) * n + z * state[j];
                }
            } else {
                for (int j = 0; j < h; j++) {
                    float in = Dense.sigmoid(gi[j] + gh[j]);
                    float forget = Dense.sigmoid(gi[h + j] + gh[h + j]);
                    float cell = (float) Math.tanh(gi[2 * h + j] + gh[2 * h + j]);
                    float output = Dense.sigmoid(gi[3 * h + j] + gh[3 * h + j]);
                    cellState[j] = forget * cellState[j] + in * cell;
                    state[j] = output * (float) Math.tanh(cellState[j]);
                }
            }
        }
        return state;
    }

    private float score(float[] state, int i) {
        return outBias[i] + Dense.dot(out, i * h, state, 0, h);
    }

    @Override
    public void scoreAll(UserHistory user, float[] scores) {
        float[] state = encode(Histories.inRange(user, numItems));
        for (int i = 0; i < numItems; i++) {
            scores[i] = score(state, i);
        }
    }

    @Override
    public void score(UserHistory user, int[] candidates, float[] scores) {
        float[] state = encode(Histories.inRange(user, numItems));
        for (int c = 0; c < candidates.length; c++) {
            int i = candidates[c];
            scores[c] = i >= 0 && i < numItems ? score(state, i) : Float.NaN;
        }
    }

    @Override
    public Explanation explain(UserHistory user, int target) {
        if (target < 0 || target >= numItems) {
            throw Histories.outside(target, numItems);
        }
        int[] items = Histories.inRange(user, numItems);
        float full = score(encode(items), target);
        if (items.length == 0) {
            return new Explanation(target, full, "No history: item " + target + " gets the score of the empty "
                    + "sequence (its output bias)", List.of());
        }
        List<Evidence> evidence = new ArrayList<>();
        for (int p = items.length - 1; p >= Math.max(0, items.length - EXPLAIN_EVENTS); p--) {
            int[] without = new int[items.length - 1];
            System.arraycopy(items, 0, without, 0, p);
            System.arraycopy(items, p + 1, without, p, items.length - 1 - p);
            float drop = full - score(encode(without), target);
            int back = items.length - p;
            if (drop > 0) {
                evidence.add(new Evidence("history-item", items[p], drop, String.format(Locale.ROOT,
                        "item %d, %d step%s back: without it the score drops by %.3f", items[p], back,
                        back == 1 ? "" : "s", drop)));
            }
        }
        evidence.sort(Comparator.comparingDouble(Evidence::weight).reversed());
        List<Evidence> top = evidence.subList(0, Math.min(EVIDENCE, evidence.size()));
        int used = Math.min(items.length, params.maxLen());
        String summary = top.isEmpty()
                ? String.format(Locale.ROOT, "Predicted from your last %d items; removing any one of the last %d "
                + "would not lower the score %.4f", used, Math.min(items.length, EXPLAIN_EVENTS), full)
                : String.format(Locale.ROOT, "Predicted from your last %d items, most of all item %d (the score "
                + "%.4f drops by %.3f without it)", used, top.get(0).item(), full, top.get(0).weight());
        return new Explanation(target, full, summary, top);
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ItemWeightsFile.write(file, provenance, numItems, weights);
    }

    /** Loads a model saved by {@link #save}. */
    public static Gru4RecModel load(Path file) {
        return ItemWeightsFile.read(file, Gru4RecParams.NAME, "GRU4Rec", (numItems, w, provenance) ->
                new Gru4RecModel(numItems, Gru4RecParams.from(provenance.params()), w, provenance));
    }
}
