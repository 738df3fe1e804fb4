package io.shoplens.recommend.deep.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.BatchRecommender;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.recommend.deep.infer.Histories;
import io.shoplens.recommend.deep.infer.ItemWeightsFile;
import io.shoplens.recommend.deep.train.Minibatches;
import io.shoplens.recommend.deep.train.NativeWeights;
import io.shoplens.recommend.deep.train.Weights;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained SASRec model (Kang &amp; McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018). A user is
 * encoded by running the network over the last {@code maxLen} items of the history it is given (so it scores any
 * history, including live events and users unseen in training; items outside the model's range are skipped); the
 * score of item i is the dot product of the last position's hidden state with item i's embedding. A user without
 * history gets the same scores as everyone else without history.
 *
 * <p>{@link #explain} gives the attention weights of the last position (last block, averaged over heads) over the
 * history items it saw. Immutable and thread-safe: the weights are read-only engine tensors on the CPU (freed when
 * the model is closed or unreachable) and a heap copy of the item embeddings for the dot products.
 */
public final class SasRecModel implements BatchRecommender, AutoCloseable {
    /** Users encoded per engine call. */
    static final int ENCODE_BATCH = 256;

    private final int numItems;
    private final SasRecParams params;
    private final SasRecNetwork net;
    private final NativeWeights weights;
    private final float[] item;
    private final int d;
    private final Provenance provenance;

    /** A model over {@code numItems} items with trained {@code weights}; provenance null for a snapshot. */
    SasRecModel(int numItems, SasRecParams params, Weights weights, Provenance provenance) {
        Weights.Tensor e = weights.get("item");
        if (e.dim(0) != numItems + 1 || e.dim(1) != params.hidden()) {
            throw new IllegalArgumentException("item embeddings are " + e.dim(0) + "×" + e.dim(1) + ", expected "
                    + (numItems + 1) + "×" + params.hidden());
        }
        this.numItems = numItems;
        this.params = params;
        this.net = new SasRecNetwork(params);
        this.weights = new NativeWeights(weights);
        this.item = e.values();
        this.d = params.hidden();
        this.provenance = provenance != null ? provenance : new Provenance(SasRecParams.NAME, params.asMap(),
                "snapshot", params.training().seed(), Provenance.shoplensVersion(), Instant.now(), 0);
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** The hyperparameters. */
    public SasRecParams params() {
        return params;
    }

    /** The trained weights (heap copy; do not modify). */
    public Weights weights() {
        return weights.weights();
    }

    /** The history's items in the model's range, in order. */
    private int[] known(UserHistory h) {
        return Histories.inRange(h, numItems);
    }

    /**
     * The user vectors (last position's hidden state, d floats each) of {@code sequences}, computed in batches of
     * {@value #ENCODE_BATCH}.
     */
    public float[][] encode(List<int[]> sequences) {
        float[][] out = new float[sequences.size()][];
        for (int from = 0; from < sequences.size(); from += ENCODE_BATCH) {
            int rows = Math.min(ENCODE_BATCH, sequences.size() - from);
            int l = 1;
            for (int r = 0; r < rows; r++) {
                l = Math.max(l, Math.min(sequences.get(from + r).length, params.maxLen()));
            }
            long[] seq = new long[rows * l];
            for (int r = 0; r < rows; r++) {
                int[] s = sequences.get(from + r);
                Minibatches.padLeft(s, s.length, l, seq, r * l);
            }
            float[] h;
            try (NDManager m = weights.manager().newSubManager(); NDScope scope = new NDScope()) {
                NDArray hidden = net.forward(weights.arrays(), net.inputs(m, seq, rows), false, null);
                h = hidden.get(new NDIndex(":, -1, :")).toFloatArray();
                scope.suppressNotUsedWarning();
            }
            for (int r = 0; r < rows; r++) {
                out[from + r] = Arrays.copyOfRange(h, r * d, (r + 1) * d);
            }
        }
        return out;
    }

    private float[] encode(UserHistory user) {
        return encode(List.of(known(user)))[0];
    }

    private float dot(float[] h, int i) {
        int base = (i + 1) * d;
        float s = 0;
        for (int k = 0; k < d; k++) {
            s += h[k] * item[base + k];
        }
        return s;
    }

    private void scoreAll(float[] h, float[] out) {
        for (int i = 0; i < numItems; i++) {
            out[i] = dot(h, i);
        }
    }

    private void score(float[] h, int[] candidates, float[] out) {
        for (int c = 0; c < candidates.length; c++) {
            int i = candidates[c];
            out[c] = i >= 0 && i < numItems ? dot(h, i) : Float.NaN;
        }
    }

    @Override
    public void scoreAll(UserHistory user, float[] out) {
        scoreAll(encode(user), out);
    }

    @Override
    public void score(UserHistory user, int[] candidates, float[] out) {
        score(encode(user), candidates, out);
    }

    @Override
    public Recommender prepare(InteractionStore history, int[] users) {
        List<int[]> seqs = new ArrayList<>(users.length);
        for (int u : users) {
            seqs.add(known(history.history(u)));
        }
        float[][] h = encode(seqs);
        Map<Integer, int[]> seen = new HashMap<>();
        Map<Integer, float[]> vectors = new HashMap<>();
        for (int k = 0; k < users.length; k++) {
            seen.put(users[k], seqs.get(k));
            vectors.put(users[k], h[k]);
        }
        return new Prepared(Map.copyOf(seen), Map.copyOf(vectors));
    }

    /** Scores prepared users from their stored vectors. */
    private final class Prepared implements Recommender {
        private final Map<Integer, int[]> seen;
        private final Map<Integer, float[]> vectors;

        Prepared(Map<Integer, int[]> seen, Map<Integer, float[]> vectors) {
            this.seen = seen;
            this.vectors = vectors;
        }

        private float[] vector(UserHistory user) {
            int[] s = seen.get(user.user());
            return s != null && Arrays.equals(s, known(user)) ? vectors.get(user.user()) : encode(user);
        }

        @Override
        public int numItems() {
            return numItems;
        }

        @Override
        public void scoreAll(UserHistory user, float[] out) {
            SasRecModel.this.scoreAll(vector(user), out);
        }

        @Override
        public void score(UserHistory user, int[] candidates, float[] out) {
            SasRecModel.this.score(vector(user), candidates, out);
        }

        @Override
        public Explanation explain(UserHistory user, int item) {
            return SasRecModel.this.explain(user, item);
        }

        @Override
        public Provenance provenance() {
            return provenance;
        }

        @Override
        public void save(Path file) {
            SasRecModel.this.save(file);
        }
    }

    /**
     * The attention of the last position (last block, averaged over heads) over the positions of the history it
     * saw, oldest first; the weights sum to 1 over the real positions.
     */
    public float[] lastAttention(UserHistory user) {
        int[] s = known(user);
        int l = Math.max(1, Math.min(s.length, params.maxLen()));
        long[] seq = new long[l];
        Minibatches.padLeft(s, s.length, l, seq, 0);
        int n = Math.min(s.length, l);
        try (NDManager m = weights.manager().newSubManager(); NDScope scope = new NDScope()) {
            NDArray[] att = new NDArray[1];
            net.forward(weights.arrays(), net.inputs(m, seq, 1), false, att);
            float[] row = att[0].get(new NDIndex("0, -1, :")).toFloatArray();
            scope.suppressNotUsedWarning();
            return Arrays.copyOfRange(row, l - n, l);
        }
    }

    @Override
    public Explanation explain(UserHistory user, int target) {
        if (target < 0 || target >= numItems) {
            throw Histories.outside(target, numItems);
        }
        int[] s = known(user);
        float score = dot(encode(user), target);
        if (s.length == 0) {
            return new Explanation(target, score, "No history: item " + target + " gets the score every new user "
                    + "gets", List.of());
        }
        float[] att = lastAttention(user);
        int n = att.length;
        Map<Integer, double[]> byItem = new LinkedHashMap<>();
        Map<Integer, List<Integer>> steps = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) {
            int it = s[s.length - n + k];
            byItem.computeIfAbsent(it, x -> new double[1])[0] += att[k];
            steps.computeIfAbsent(it, x -> new ArrayList<>()).add(n - k);
        }
        List<Evidence> evidence = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : byItem.entrySet()) {
            List<Integer> at = steps.get(e.getKey());
            evidence.add(new Evidence("attention", e.getKey(), e.getValue()[0], String.format(Locale.ROOT,
                    "item %d, %s back in your history: attention %.3f", e.getKey(), at.size() == 1
                            ? at.get(0) + " step" + (at.get(0) == 1 ? "" : "s")
                            : at + " steps", e.getValue()[0])));
        }
        evidence.sort(Comparator.comparingDouble(Evidence::weight).reversed().thenComparingInt(Evidence::item));
        Evidence top = evidence.get(0);
        String summary = String.format(Locale.ROOT, "Predicted from your last %d items, attending most to item %d "
                + "(%.0f%% of the attention)%s; score %.4f", n, top.item(), 100 * top.weight(),
                evidence.size() > 1 ? " and " + (evidence.size() - 1) + " more" : "", score);
        return new Explanation(target, score, summary, evidence);
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ItemWeightsFile.write(file, provenance, numItems, weights.weights());
    }

    /** Loads a model saved by {@link #save}. */
    public static SasRecModel load(Path file) {
        return ItemWeightsFile.read(file, SasRecParams.NAME, "SASRec", (numItems, w, provenance) ->
                new SasRecModel(numItems, SasRecParams.from(provenance.params()), w, provenance));
    }

    @Override
    public void close() {
        weights.close();
    }
}
