package io.shoplens.recommend.deep.multvae;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.recommend.common.Dense;
import io.shoplens.recommend.common.ItemCap;
import io.shoplens.recommend.deep.infer.Histories;
import io.shoplens.recommend.deep.infer.ItemWeightsFile;
import io.shoplens.recommend.deep.train.Weights;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * A trained Mult-VAE (Liang et al., "Variational Autoencoders for Collaborative Filtering", WWW 2018). The set of
 * items in the history it is given is folded in at scoring time: encoded to the posterior mean μ and decoded to a
 * logit per item, so it scores any history, including live events and users unseen in training; repeats and
 * behaviours do not matter, items outside the model's range are skipped, and an empty history gets the scores of
 * the empty bag. The score is the decoder's logit (the softmax over items keeps the ranking).
 *
 * <p>When training kept only the most popular items ({@code maxItems}, an {@link ItemCap}), the network covers
 * those alone: history items outside them are skipped like unknown ones, and target items outside them score
 * {@link ItemCap#OUTSIDE_SCORE} and are never recommended.
 *
 * <p>{@link #explain} removes each of the {@value #EXPLAIN_ITEMS} most recent distinct history items in turn and
 * reports the items whose removal lowers the target's score most (at most {@value #EVIDENCE}), with the drop in
 * logit units. Scoring runs on the Java heap ({@link Dense}); the model is immutable and thread-safe.
 */
public final class MultVaeModel implements Recommender {
    /** History items tried by {@link #explain} (the most recent distinct ones). */
    static final int EXPLAIN_ITEMS = 50;
    /** Evidence items returned by {@link #explain}. */
    static final int EVIDENCE = 5;

    private final ItemCap cap;
    private final int numItems;
    private final int modelItems;
    private final MultVaeParams params;
    private final Weights weights;
    private final int h;
    private final int q;
    private final float[] enc;
    private final float[] encBias;
    private final float[] mu;
    private final float[] muBias;
    private final float[] dec;
    private final float[] decBias;
    private final float[] out;
    private final float[] outBias;
    private final Provenance provenance;

    /** A model over the items of {@code cap} with trained {@code weights}; provenance null for a snapshot. */
    MultVaeModel(ItemCap cap, MultVaeParams params, Weights weights, Provenance provenance) {
        this.cap = cap;
        this.numItems = cap.numItems();
        this.modelItems = cap.size();
        this.params = params;
        this.weights = weights;
        this.h = params.hidden();
        this.q = params.latent();
        this.enc = weights.values("enc.weight", modelItems, h);
        this.encBias = weights.values("enc.bias", h);
        this.mu = weights.values("mu.weight", q, h);
        this.muBias = weights.values("mu.bias", q);
        this.dec = weights.values("dec.weight", h, q);
        this.decBias = weights.values("dec.bias", h);
        this.out = weights.values("out.weight", modelItems, h);
        this.outBias = weights.values("out.bias", modelItems);
        this.provenance = provenance != null ? provenance : new Provenance(MultVaeParams.NAME, params.asMap(),
                "snapshot", params.training().seed(), Provenance.shoplensVersion(), Instant.now(), 0);
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Number of items the network covers ({@code maxItems}, or every item). */
    public int modelItems() {
        return modelItems;
    }

    /** The items the network covers and their local indexes. */
    public ItemCap cap() {
        return cap;
    }

    /** The hyperparameters. */
    public MultVaeParams params() {
        return params;
    }

    /** The trained weights (heap arrays; do not modify). */
    public Weights weights() {
        return weights;
    }

    /**
     * The decoder's hidden layer, {@code tanh(W_d μ + b_d)} (hidden floats), for the item set {@code bag}
     * (distinct local indexes, ascending).
     */
    float[] decode(int[] bag) {
        float[] x = new float[h];
        for (int item : bag) {
            int base = item * h;
            for (int k = 0; k < h; k++) {
                x[k] += enc[base + k];
            }
        }
        float scale = bag.length == 0 ? 0f : (float) (1 / Math.sqrt(bag.length));
        for (int k = 0; k < h; k++) {
            x[k] = x[k] * scale + encBias[k];
        }
        Dense.tanh(x, h);
        float[] z = new float[q];
        Dense.affine(mu, muBias, x, 0, h, q, z);
        float[] d = new float[h];
        Dense.affine(dec, decBias, z, 0, q, h, d);
        Dense.tanh(d, h);
        return d;
    }

    /** The logit of local index {@code local}. */
    private float logit(float[] d, int local) {
        return outBias[local] + Dense.dot(out, local * h, d, 0, h);
    }

    /** The distinct history items in the cap, as local indexes (ascending). */
    private int[] bag(UserHistory user) {
        return cap.local(Histories.distinct(Histories.inRange(user, numItems)));
    }

    @Override
    public void scoreAll(UserHistory user, float[] scores) {
        float[] d = decode(bag(user));
        float[] local = new float[modelItems];
        for (int l = 0; l < modelItems; l++) {
            local[l] = logit(d, l);
        }
        cap.spread(local, scores);
    }

    @Override
    public void score(UserHistory user, int[] candidates, float[] scores) {
        float[] d = decode(bag(user));
        for (int c = 0; c < candidates.length; c++) {
            int i = candidates[c];
            int l = cap.local(i);
            scores[c] = i < 0 || i >= numItems ? Float.NaN : l < 0 ? ItemCap.OUTSIDE_SCORE : logit(d, l);
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
                    + modelItems + " most popular items this Mult-VAE model was trained on, so it is ranked last",
                    List.of());
        }
        int[] known = Histories.inRange(user, numItems);
        int[] bag = cap.local(Histories.distinct(known));
        float score = logit(decode(bag), t);
        if (bag.length == 0) {
            return new Explanation(target, score, "No history" + (known.length == 0 ? "" : " among the model's "
                    + "items") + ": item " + target + " gets the score of an empty basket", List.of());
        }
        List<Evidence> evidence = new ArrayList<>();
        for (int item : Histories.recentDistinct(known, EXPLAIN_ITEMS)) {
            int local = cap.local(item);
            if (local < 0) {
                continue;
            }
            int[] without = new int[bag.length - 1];
            int k = 0;
            for (int b : bag) {
                if (b != local) {
                    without[k++] = b;
                }
            }
            float drop = score - logit(decode(without), t);
            if (drop > 0) {
                evidence.add(new Evidence("history-item", item, drop, String.format(Locale.ROOT,
                        "without item %d the score drops by %.3f", item, drop)));
            }
        }
        evidence.sort(Comparator.comparingDouble(Evidence::weight).reversed().thenComparingInt(Evidence::item));
        List<Evidence> top = evidence.subList(0, Math.min(EVIDENCE, evidence.size()));
        String summary = top.isEmpty()
                ? String.format(Locale.ROOT, "Decoded from your %d items; removing any one of them would not lower "
                + "the score %.4f", bag.length, score)
                : String.format(Locale.ROOT, "Decoded from your %d items, most of all item %d (the score %.4f "
                + "drops by %.3f without it)", bag.length, top.get(0).item(), score, top.get(0).weight());
        return new Explanation(target, score, summary, top);
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ItemWeightsFile.write(file, provenance, cap, weights);
    }

    /** Loads a model saved by {@link #save} (with its item cap). */
    public static MultVaeModel load(Path file) {
        return ItemWeightsFile.readCapped(file, MultVaeParams.NAME, "Mult-VAE", (cap, w, provenance) ->
                new MultVaeModel(cap, MultVaeParams.from(provenance.params()), w, provenance));
    }
}
