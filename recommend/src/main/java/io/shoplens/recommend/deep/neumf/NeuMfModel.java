package io.shoplens.recommend.deep.neumf;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.recommend.common.Dense;
import io.shoplens.recommend.common.ItemCap;
import io.shoplens.recommend.deep.infer.Histories;
import io.shoplens.recommend.deep.infer.ItemWeightsFile;
import io.shoplens.recommend.deep.train.Weights;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A trained NeuMF model (He et al., "Neural Collaborative Filtering", WWW 2017). The score of item i for user u is
 * the fused logit {@code h_G · (p_u ⊙ q_i) + h_M · MLP([p'_u; q'_i]) + b} (σ of it is the predicted probability of
 * an interaction).
 *
 * <p>Users: a user index that had training events uses its trained embeddings and ignores the history it is given
 * (NeuMF has no fold-in of its own). Any other user (index -1, outside the model, or without training events) is
 * folded in by neighbourhood: each of its user embeddings is the mean, over the distinct history items in range
 * that had training users, of the mean embedding of those items' training users (an item's "user centroid",
 * computed once when the model is built); with no such item it is the mean of all trained users. The folded-in user
 * thus sits among the users who share its items, in the user space the towers were trained on. This is a heuristic,
 * not a trained fold-in; the models that fold in by design (Mult-VAE, iALS, the sequence models) use new events of
 * known users too.
 *
 * <p>When training kept only the most popular items ({@code maxItems}, an {@link ItemCap}), the item embeddings
 * and centroids cover those alone: history items outside them play no part in the fold-in, and target items outside
 * them score {@link ItemCap#OUTSIDE_SCORE} and are never recommended.
 *
 * <p>{@link #explain} splits the logit into the GMF and MLP towers and the bias, and adds the history items most
 * like the target in the GMF space ({@code Σ_k h_k q_jk q_tk}). Scoring runs on the Java heap in blocks of items
 * (the item half of the first MLP layer is precomputed); the model is immutable and thread-safe.
 */
public final class NeuMfModel implements Recommender {
    /** Items scored per block. */
    private static final int BLOCK = 64;
    /** History items compared with the target by {@link #explain} (the most recent distinct ones). */
    static final int EXPLAIN_ITEMS = 200;
    /** History items returned by {@link #explain}. */
    static final int EVIDENCE_ITEMS = 3;

    private final int numUsers;
    private final ItemCap cap;
    private final int numItems;
    private final int modelItems;
    private final NeuMfParams params;
    private final Weights weights;
    private final boolean[] trained;
    private final int f;
    private final int m;
    private final int[] sizes;
    private final float[] gmfUser;
    private final float[] gmfItem;
    private final float[] mlpUser;
    private final float[] mlpItem;
    private final float[][] layerWeight;
    private final float[][] layerBias;
    private final float[] itemPart;
    private final float[] outWeight;
    private final float outBias;
    private final float[] meanGmfUser;
    private final float[] meanMlpUser;
    private final float[] gmfCentroid;
    private final float[] mlpCentroid;
    private final float[] itemUsers;
    private final Provenance provenance;

    /**
     * A model over {@code positives.length} users and the items of {@code cap} with trained {@code weights}, built
     * from each user's distinct training items in the cap {@code positives} (local indexes, which mark the trained
     * users and give the items' user centroids); provenance null for a snapshot.
     */
    static NeuMfModel of(ItemCap cap, NeuMfParams params, Weights weights, int[][] positives,
                         Provenance provenance) {
        int numUsers = positives.length;
        int n = cap.size();
        boolean[] trained = new boolean[numUsers];
        for (int u = 0; u < numUsers; u++) {
            trained[u] = positives[u].length > 0;
        }
        int f = params.factors();
        int m = params.embedding();
        float[] gu = weights.get("gmf.user").values();
        float[] mu = weights.get("mlp.user").values();
        double[] g = new double[n * f];
        double[] h = new double[n * m];
        int[] count = new int[n];
        for (int u = 0; u < numUsers; u++) {
            for (int i : positives[u]) {
                count[i]++;
                for (int k = 0; k < f; k++) {
                    g[i * f + k] += gu[u * f + k];
                }
                for (int k = 0; k < m; k++) {
                    h[i * m + k] += mu[u * m + k];
                }
            }
        }
        float[] gc = new float[g.length];
        float[] hc = new float[h.length];
        float[] users = new float[n];
        for (int i = 0; i < n; i++) {
            users[i] = count[i];
            for (int k = 0; k < f && count[i] > 0; k++) {
                gc[i * f + k] = (float) (g[i * f + k] / count[i]);
            }
            for (int k = 0; k < m && count[i] > 0; k++) {
                hc[i * m + k] = (float) (h[i * m + k] / count[i]);
            }
        }
        return new NeuMfModel(numUsers, cap, params, weights, trained, gc, hc, users, provenance);
    }

    private NeuMfModel(int numUsers, ItemCap cap, NeuMfParams params, Weights weights, boolean[] trained,
                       float[] gmfCentroid, float[] mlpCentroid, float[] itemUsers, Provenance provenance) {
        int n = cap.size();
        if (trained.length != numUsers) {
            throw new IllegalArgumentException(trained.length + " trained flags for " + numUsers + " users");
        }
        if (gmfCentroid.length != n * params.factors()
                || mlpCentroid.length != n * params.embedding() || itemUsers.length != n) {
            throw new IllegalArgumentException("user centroids of " + gmfCentroid.length + " and "
                    + mlpCentroid.length + " floats do not fit " + n + " items");
        }
        this.numUsers = numUsers;
        this.cap = cap;
        this.numItems = cap.numItems();
        this.modelItems = n;
        this.params = params;
        this.weights = weights;
        this.trained = trained;
        this.gmfCentroid = gmfCentroid;
        this.mlpCentroid = mlpCentroid;
        this.itemUsers = itemUsers;
        this.f = params.factors();
        this.m = params.embedding();
        List<Integer> l = params.layers();
        this.sizes = l.stream().mapToInt(Integer::intValue).toArray();
        this.gmfUser = weights.values("gmf.user", numUsers, f);
        this.gmfItem = weights.values("gmf.item", modelItems, f);
        this.mlpUser = weights.values("mlp.user", numUsers, m);
        this.mlpItem = weights.values("mlp.item", modelItems, m);
        this.layerWeight = new float[sizes.length - 1][];
        this.layerBias = new float[sizes.length - 1][];
        for (int k = 0; k + 1 < sizes.length; k++) {
            layerWeight[k] = weights.values("mlp." + k + ".weight", sizes[k + 1], sizes[k]);
            layerBias[k] = weights.values("mlp." + k + ".bias", sizes[k + 1]);
        }
        this.outWeight = weights.values("out.weight", 1, f + params.mlpOut());
        this.outBias = weights.values("out.bias", 1)[0];
        this.itemPart = itemPart();
        this.meanGmfUser = meanTrained(gmfUser, f);
        this.meanMlpUser = meanTrained(mlpUser, m);
        this.provenance = provenance != null ? provenance : new Provenance(NeuMfParams.NAME, params.asMap(),
                "snapshot", params.training().seed(), Provenance.shoplensVersion(), Instant.now(), 0);
    }

    /** The item half of the first MLP layer for every local item, {@code W_1[:, m:] q'_i}, item-major. */
    private float[] itemPart() {
        int h = sizes[1];
        float[] w = layerWeight[0];
        float[] out = new float[modelItems * h];
        for (int i = 0; i < modelItems; i++) {
            for (int o = 0; o < h; o++) {
                out[i * h + o] = Dense.dot(w, o * 2 * m + m, mlpItem, i * m, m);
            }
        }
        return out;
    }

    private float[] meanTrained(float[] table, int dim) {
        double[] sum = new double[dim];
        int n = 0;
        for (int u = 0; u < numUsers; u++) {
            if (trained[u]) {
                for (int k = 0; k < dim; k++) {
                    sum[k] += table[u * dim + k];
                }
                n++;
            }
        }
        float[] out = new float[dim];
        for (int k = 0; k < dim; k++) {
            out[k] = n == 0 ? 0f : (float) (sum[k] / n);
        }
        return out;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Number of items the item embeddings cover ({@code maxItems}, or every item). */
    public int modelItems() {
        return modelItems;
    }

    /** The items the item embeddings cover and their local indexes. */
    public ItemCap cap() {
        return cap;
    }

    /** The hyperparameters. */
    public NeuMfParams params() {
        return params;
    }

    /** The trained weights (heap arrays; do not modify). */
    public Weights weights() {
        return weights;
    }

    /** The user's GMF and MLP embeddings, and how they were found. */
    private record UserVectors(float[] gmf, float[] mlp, String how) {
    }

    private UserVectors vectors(UserHistory user) {
        int u = user.user();
        if (u >= 0 && u < numUsers && trained[u]) {
            return new UserVectors(Arrays.copyOfRange(gmfUser, u * f, (u + 1) * f),
                    Arrays.copyOfRange(mlpUser, u * m, (u + 1) * m), "");
        }
        int[] items = Arrays.stream(cap.local(Histories.distinct(Histories.inRange(user, numItems))))
                .filter(this::hasUsers).toArray();
        if (items.length == 0) {
            return new UserVectors(meanGmfUser, meanMlpUser, "an average user (no history item with training "
                    + "users)");
        }
        return new UserVectors(meanRows(gmfCentroid, f, items), meanRows(mlpCentroid, m, items),
                "folded in from the users of " + items.length + " history item" + (items.length == 1 ? "" : "s"));
    }

    private boolean hasUsers(int local) {
        return itemUsers[local] > 0;
    }

    private static float[] meanRows(float[] table, int dim, int[] rows) {
        float[] out = new float[dim];
        for (int r : rows) {
            for (int k = 0; k < dim; k++) {
                out[k] += table[r * dim + k];
            }
        }
        for (int k = 0; k < dim; k++) {
            out[k] /= rows.length;
        }
        return out;
    }

    /** Per-user constants: the h-weighted GMF user vector and the user half of the first MLP layer with bias. */
    private record Prepared(float[] gmfWeighted, float[] firstLayer) {
    }

    private Prepared prepare(UserVectors v) {
        float[] g = new float[f];
        for (int k = 0; k < f; k++) {
            g[k] = outWeight[k] * v.gmf()[k];
        }
        int h = sizes[1];
        float[] first = new float[h];
        float[] w = layerWeight[0];
        for (int o = 0; o < h; o++) {
            first[o] = layerBias[0][o] + Dense.dot(w, o * 2 * m, v.mlp(), 0, m);
        }
        return new Prepared(g, first);
    }

    /**
     * Scores the local items {@code items[from..from+count)} (count ≤ {@value #BLOCK}) into
     * {@code out[from..from+count)}; {@code mlpOut}, if not null, receives the MLP tower's part of each score.
     */
    private void block(Prepared p, int[] items, int from, int count, float[] out, float[] mlpOut) {
        int width = sizes[1];
        float[] act = new float[width * count];
        for (int o = 0; o < width; o++) {
            float b = p.firstLayer()[o];
            for (int j = 0; j < count; j++) {
                act[o * count + j] = Math.max(0f, itemPart[items[from + j] * width + o] + b);
            }
        }
        for (int k = 1; k + 1 < sizes.length; k++) {
            int in = sizes[k];
            int outSize = sizes[k + 1];
            float[] w = layerWeight[k];
            float[] next = new float[outSize * count];
            for (int o = 0; o < outSize; o++) {
                int row = o * count;
                Arrays.fill(next, row, row + count, layerBias[k][o]);
                for (int c = 0; c < in; c++) {
                    float wc = w[o * in + c];
                    int src = c * count;
                    for (int j = 0; j < count; j++) {
                        next[row + j] += wc * act[src + j];
                    }
                }
                for (int j = 0; j < count; j++) {
                    next[row + j] = Math.max(0f, next[row + j]);
                }
            }
            act = next;
        }
        int last = sizes[sizes.length - 1];
        for (int j = 0; j < count; j++) {
            float mlp = 0;
            for (int c = 0; c < last; c++) {
                mlp += outWeight[f + c] * act[c * count + j];
            }
            float gmf = Dense.dot(p.gmfWeighted(), 0, gmfItem, items[from + j] * f, f);
            out[from + j] = outBias + gmf + mlp;
            if (mlpOut != null) {
                mlpOut[from + j] = mlp;
            }
        }
    }

    private void scoreItems(Prepared p, int[] items, float[] out, float[] mlpOut) {
        for (int from = 0; from < items.length; from += BLOCK) {
            block(p, items, from, Math.min(BLOCK, items.length - from), out, mlpOut);
        }
    }

    @Override
    public void scoreAll(UserHistory user, float[] scores) {
        int[] all = new int[modelItems];
        for (int l = 0; l < modelItems; l++) {
            all[l] = l;
        }
        float[] local = new float[modelItems];
        scoreItems(prepare(vectors(user)), all, local, null);
        cap.spread(local, scores);
    }

    /** Candidates score as in {@link #scoreAll}; those outside {@code 0..numItems-1} get NaN. */
    @Override
    public void score(UserHistory user, int[] candidates, float[] scores) {
        int n = 0;
        for (int i : candidates) {
            if (cap.local(i) >= 0) {
                n++;
            }
        }
        int[] valid = new int[n];
        n = 0;
        for (int i : candidates) {
            int l = cap.local(i);
            if (l >= 0) {
                valid[n++] = l;
            }
        }
        float[] s = new float[valid.length];
        scoreItems(prepare(vectors(user)), valid, s, null);
        n = 0;
        for (int c = 0; c < candidates.length; c++) {
            int i = candidates[c];
            scores[c] = i < 0 || i >= numItems ? Float.NaN : cap.local(i) < 0 ? ItemCap.OUTSIDE_SCORE : s[n++];
        }
    }

    /** As {@link Recommender#recommend}, never returning an item outside the cap. */
    @Override
    public List<ScoredItem> recommend(UserHistory user, int k, IntPredicate exclude) {
        return Recommender.super.recommend(user, k, cap.excluding(exclude));
    }

    @Override
    public Explanation explain(UserHistory user, int target) {
        if (target < 0 || target >= numItems) {
            throw Histories.outside(target, numItems);
        }
        int t = cap.local(target);
        if (t < 0) {
            return new Explanation(target, ItemCap.OUTSIDE_SCORE, "Item " + target + " is not among the "
                    + modelItems + " most popular items this NeuMF model was trained on, so it is ranked last",
                    List.of());
        }
        UserVectors v = vectors(user);
        Prepared p = prepare(v);
        float[] score = new float[1];
        float[] mlp = new float[1];
        scoreItems(p, new int[] {t}, score, mlp);
        float gmf = score[0] - mlp[0] - outBias;
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("gmf", -1, gmf, String.format(Locale.ROOT, "GMF tower (user and item factors "
                + "multiplied): %.3f", gmf)));
        evidence.add(new Evidence("mlp", -1, mlp[0], String.format(Locale.ROOT, "MLP tower: %.3f", mlp[0])));
        List<Evidence> similar = new ArrayList<>();
        for (int j : Histories.recentDistinct(Histories.inRange(user, numItems), EXPLAIN_ITEMS)) {
            int lj = cap.local(j);
            if (j == target || lj < 0) {
                continue;
            }
            float s = 0;
            for (int k = 0; k < f; k++) {
                s += outWeight[k] * gmfItem[lj * f + k] * gmfItem[t * f + k];
            }
            if (s > 0) {
                similar.add(new Evidence("history-item", j, s, String.format(Locale.ROOT, "item %d is like item %d "
                        + "in the GMF factors (%.3f)", j, target, s)));
            }
        }
        similar.sort(Comparator.comparingDouble(Evidence::weight).reversed().thenComparingInt(Evidence::item));
        evidence.addAll(similar.subList(0, Math.min(EVIDENCE_ITEMS, similar.size())));
        evidence.sort(Comparator.comparingDouble(Evidence::weight).reversed());
        String summary = String.format(Locale.ROOT, "NeuMF logit %.3f (probability %.3f) = GMF %.3f + MLP %.3f + "
                        + "bias %.3f%s%s", score[0], Dense.sigmoid(score[0]), gmf, mlp[0], outBias,
                similar.isEmpty() ? "" : "; most like your item " + similar.get(0).item() + " in the GMF factors",
                v.how().isEmpty() ? "" : "; user " + v.how());
        return new Explanation(target, score[0], summary, evidence);
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, o -> {
            o.writeInt(numUsers);
            o.writeInt(numItems);
            cap.write(o);
            for (boolean t : trained) {
                o.writeBoolean(t);
            }
            weights.write(o);
            Map<String, Weights.Tensor> centroids = new LinkedHashMap<>();
            centroids.put("centroid.gmf", new Weights.Tensor(new long[] {modelItems, f}, gmfCentroid));
            centroids.put("centroid.mlp", new Weights.Tensor(new long[] {modelItems, m}, mlpCentroid));
            centroids.put("centroid.users", new Weights.Tensor(new long[] {modelItems}, itemUsers));
            new Weights(centroids).write(o);
        });
    }

    /**
     * Loads a model saved by {@link #save} (with its item cap; a file written before NeuMF had {@code maxItems}
     * holds none and loads over every item).
     */
    public static NeuMfModel load(Path file) {
        return ModelFiles.read(file, NeuMfParams.NAME, NeuMfModel::read);
    }

    private static NeuMfModel read(DataInputStream in, Provenance provenance) throws IOException {
        int numUsers = in.readInt();
        int numItems = in.readInt();
        if (numUsers < 0 || numItems < 0) {
            throw new IOException("corrupt NeuMF model: " + numUsers + " users, " + numItems + " items");
        }
        ItemCap cap = ItemWeightsFile.readCap(in, numItems, provenance);
        boolean[] trained = new boolean[numUsers];
        for (int u = 0; u < numUsers; u++) {
            trained[u] = in.readBoolean();
        }
        Weights w = Weights.read(in);
        Weights c = Weights.read(in);
        try {
            return new NeuMfModel(numUsers, cap, NeuMfParams.from(provenance.params()), w, trained,
                    c.get("centroid.gmf").values(), c.get("centroid.mlp").values(), c.get("centroid.users").values(),
                    provenance);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt NeuMF model: " + e.getMessage(), e);
        }
    }
}
