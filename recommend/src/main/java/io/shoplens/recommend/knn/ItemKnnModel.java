package io.shoplens.recommend.knn;

import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.recommend.common.InteractionMatrix;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The item-based top-k neighbourhood model (Sarwar et al. 2001; Deshpande &amp; Karypis 2004): each item i keeps
 * its k most similar items j with similarity sim(i, j) &gt; 0, stored as CSR arrays. A user's history becomes a row
 * of strengths s<sub>i</sub> (through the training {@link io.shoplens.recommend.common.Weighting}) and
 * score(j) = Σ<sub>i in history</sub> s<sub>i</sub>·sim(i, j); items no history item lists score 0. History items
 * outside the model's id space (new since training) are ignored. Immutable and thread-safe.
 */
public final class ItemKnnModel implements Recommender {
    /** Most pieces of evidence an explanation lists. */
    public static final int MAX_EVIDENCE = 10;

    private final ItemKnnParams params;
    private final int numItems;
    private final int[] ptr;
    private final int[] nbr;
    private final float[] sim;
    private final boolean ordinalTime;
    private final IdMap itemIds;
    private final Provenance provenance;

    ItemKnnModel(ItemKnnParams params, int[] ptr, int[] nbr, float[] sim, boolean ordinalTime, IdMap itemIds,
                 Provenance provenance) {
        if (ptr.length < 1 || ptr[0] != 0 || ptr[ptr.length - 1] != nbr.length || nbr.length != sim.length) {
            throw new IllegalArgumentException("inconsistent neighbour arrays: " + ptr.length + " pointers, "
                    + nbr.length + " neighbours, " + sim.length + " similarities");
        }
        this.params = params;
        this.numItems = ptr.length - 1;
        this.ptr = ptr;
        this.nbr = nbr;
        this.sim = sim;
        this.ordinalTime = ordinalTime;
        this.itemIds = itemIds;
        this.provenance = provenance;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** The hyperparameters the model was trained with. */
    public ItemKnnParams params() {
        return params;
    }

    /** Number of stored neighbour pairs. */
    public int numPairs() {
        return nbr.length;
    }

    /** The similarity sim(i → j) stored in i's neighbour list, or 0 when j is not among i's neighbours. */
    public float similarity(int i, int j) {
        checkItem(i);
        checkItem(j);
        int p = Kernels.find(nbr, ptr[i], ptr[i + 1], j);
        return p < 0 ? 0f : sim[p];
    }

    /** The (at most) {@code k} most similar items of {@code item}, most similar first, ties to the lower index. */
    public List<ScoredItem> similarItems(int item, int k) {
        checkItem(item);
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int from = ptr[item];
        int n = ptr[item + 1] - from;
        Integer[] order = new Integer[n];
        for (int c = 0; c < n; c++) {
            order[c] = from + c;
        }
        Arrays.sort(order, (a, b) -> sim[a] != sim[b] ? Float.compare(sim[b], sim[a]) : Integer.compare(nbr[a],
                nbr[b]));
        List<ScoredItem> out = new ArrayList<>(Math.min(k, n));
        for (int c = 0; c < Math.min(k, n); c++) {
            out.add(new ScoredItem(nbr[order[c]], sim[order[c]]));
        }
        return out;
    }

    @Override
    public void scoreAll(UserHistory user, float[] out) {
        if (out.length < numItems) {
            throw new IllegalArgumentException("score array has length " + out.length + ", needs " + numItems);
        }
        Arrays.fill(out, 0, numItems, 0f);
        InteractionMatrix.Row row = InteractionMatrix.rowOf(user, params.weighting(), ordinalTime);
        for (int r = 0; r < row.size(); r++) {
            int i = row.items()[r];
            if (i < 0 || i >= numItems) {
                continue;
            }
            float s = row.values()[r];
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                out[nbr[p]] += s * sim[p];
            }
        }
    }

    /**
     * Scores only the candidates: for each history item, either binary-searches each candidate in its neighbour
     * list or scans the list against a hash of the candidates, whichever is cheaper. Gives exactly the values
     * of {@link #scoreAll}.
     */
    @Override
    public void score(UserHistory user, int[] candidates, float[] out) {
        CandidateIndex index = new CandidateIndex(candidates, numItems);
        float[] acc = new float[index.size()];
        InteractionMatrix.Row row = InteractionMatrix.rowOf(user, params.weighting(), ordinalTime);
        for (int r = 0; r < row.size(); r++) {
            int i = row.items()[r];
            if (i < 0 || i >= numItems) {
                continue;
            }
            index.accumulate(nbr, sim, ptr[i], ptr[i + 1], row.values()[r], acc);
        }
        index.scatter(acc, out);
    }

    /**
     * Evidence: the history items whose neighbour lists hold {@code item}, each with its contribution
     * s<sub>i</sub>·sim(i, item) (kind {@code "history-item"}, detail e.g. "bought, similarity 0.42"), largest
     * first, at most {@link #MAX_EVIDENCE}.
     */
    @Override
    public Explanation explain(UserHistory user, int item) {
        checkItem(item);
        InteractionMatrix.Row row = InteractionMatrix.rowOf(user, params.weighting(), ordinalTime);
        List<Evidence> found = new ArrayList<>();
        float score = 0;
        for (int r = 0; r < row.size(); r++) {
            int i = row.items()[r];
            if (i < 0 || i >= numItems) {
                continue;
            }
            int p = Kernels.find(nbr, ptr[i], ptr[i + 1], item);
            if (p < 0) {
                continue;
            }
            float contribution = row.values()[r] * sim[p];
            score += contribution;
            int behavior = Phrases.strongestBehavior(user, i, params.weighting());
            found.add(new Evidence("history-item", i, contribution, Phrases.done(behavior) + ", similarity "
                    + Phrases.number(sim[p])));
        }
        found.sort((a, b) -> a.weight() != b.weight() ? Double.compare(b.weight(), a.weight())
                : Integer.compare(a.item(), b.item()));
        List<Evidence> evidence = found.subList(0, Math.min(MAX_EVIDENCE, found.size()));
        String target = "item " + Bin.name(itemIds, item);
        String summary;
        if (evidence.isEmpty()) {
            summary = "Nothing in your history is similar to " + target;
        } else {
            List<String> parts = new ArrayList<>();
            for (Evidence e : evidence.subList(0, Math.min(2, evidence.size()))) {
                parts.add(Phrases.doneWith(Phrases.strongestBehavior(user, e.item(), params.weighting()),
                        "item " + Bin.name(itemIds, e.item()), "your"));
            }
            summary = "Because you " + Phrases.join(parts, found.size());
        }
        return new Explanation(item, score, summary, evidence);
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            out.writeBoolean(ordinalTime);
            Bin.writeInts(out, ptr);
            Bin.writeInts(out, nbr);
            Bin.writeFloats(out, sim);
            Bin.writeIds(out, itemIds, numItems);
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static ItemKnnModel load(Path file) {
        return ModelFiles.read(file, ItemKnnParams.NAME, ItemKnnModel::read);
    }

    private static ItemKnnModel read(DataInputStream in, Provenance provenance) throws IOException {
        boolean ordinal = in.readBoolean();
        int[] ptr = Bin.readInts(in, "neighbour pointers");
        int[] nbr = Bin.readInts(in, "neighbours");
        float[] sim = Bin.readFloats(in, "similarities");
        IdMap ids = Bin.readIds(in);
        return new ItemKnnModel(ItemKnnParams.from(provenance.params()), ptr, nbr, sim, ordinal, ids, provenance);
    }

    private void checkItem(int item) {
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item " + item + " is not in 0.." + (numItems - 1));
        }
    }
}
