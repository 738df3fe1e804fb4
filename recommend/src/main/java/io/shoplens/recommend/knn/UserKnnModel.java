package io.shoplens.recommend.knn;

import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TopK;
import io.shoplens.recommend.common.InteractionMatrix;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The user-based neighbourhood model (Resnick et al. 1994; Herlocker et al. 1999). The given history becomes a
 * row u of strengths; its similarity to every training user v sharing an item is accumulated through the
 * item → users index, the {@code k} most similar users (the history's own training user excluded) are the
 * neighbours, and score(j) = Σ<sub>v in neighbours</sub> sim(u, v)·r<sub>vj</sub>. Users unknown at training
 * time and history items added since are handled: only items of the training id space take part in the
 * matching. Immutable and thread-safe (per-thread scratch arrays are reused between calls).
 */
public final class UserKnnModel implements Recommender {
    /** Most neighbour users and most shared history items an explanation lists (each). */
    public static final int MAX_EVIDENCE = 10;

    private final UserKnnParams params;
    private final int numUsers;
    private final int numItems;
    private final int[] userPtr;
    private final int[] userItems;
    private final float[] userValues;
    private final int[] itemPtr;
    private final int[] itemUsers;
    private final float[] itemValues;
    private final float[] rightFactor;
    private final boolean ordinalTime;
    private final IdMap userIds;
    private final IdMap itemIds;
    private final Provenance provenance;
    private final ThreadLocal<Scratch> scratch;

    UserKnnModel(UserKnnParams params, int numItems, int[] userPtr, int[] userItems, float[] userValues,
                 boolean ordinalTime, IdMap userIds, IdMap itemIds, Provenance provenance) {
        if (userPtr.length < 1 || userPtr[0] != 0 || userPtr[userPtr.length - 1] != userItems.length
                || userItems.length != userValues.length) {
            throw new IllegalArgumentException("inconsistent matrix arrays: " + userPtr.length + " pointers, "
                    + userItems.length + " items, " + userValues.length + " values");
        }
        this.params = params;
        this.numUsers = userPtr.length - 1;
        this.numItems = numItems;
        this.userPtr = userPtr;
        this.userItems = userItems;
        this.userValues = userValues;
        this.ordinalTime = ordinalTime;
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.provenance = provenance;
        itemPtr = new int[numItems + 1];
        for (int i : userItems) {
            if (i < 0 || i >= numItems) {
                throw new IllegalArgumentException("matrix item " + i + " is not in 0.." + (numItems - 1));
            }
            itemPtr[i + 1]++;
        }
        for (int i = 0; i < numItems; i++) {
            itemPtr[i + 1] += itemPtr[i];
        }
        int[] next = Arrays.copyOf(itemPtr, numItems);
        itemUsers = new int[userItems.length];
        itemValues = new float[userItems.length];
        rightFactor = new float[numUsers];
        for (int v = 0; v < numUsers; v++) {
            double norm2 = 0;
            for (int e = userPtr[v]; e < userPtr[v + 1]; e++) {
                int slot = next[userItems[e]]++;
                itemUsers[slot] = v;
                itemValues[slot] = userValues[e];
                norm2 += (double) userValues[e] * userValues[e];
            }
            rightFactor[v] = Kernels.rightFactor(params.similarity(), params.alpha(), norm2,
                    userPtr[v + 1] - userPtr[v]);
        }
        scratch = ThreadLocal.withInitial(() -> new Scratch(numUsers, params.k()));
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Number of training users. */
    public int numUsers() {
        return numUsers;
    }

    /** The hyperparameters the model was trained with. */
    public UserKnnParams params() {
        return params;
    }

    /**
     * The neighbours of a history's row, most similar first (ties to the lower user index).
     *
     * @param users training user indexes
     * @param sims  their similarities to the history, &gt; 0
     */
    public record Neighbours(int[] users, float[] sims) {
        /** Number of neighbours. */
        public int size() {
            return users.length;
        }
    }

    /** The (at most {@code k}) training users most similar to {@code history}, its own user excluded. */
    public Neighbours neighbours(UserHistory history) {
        return neighbours(history, InteractionMatrix.rowOf(history, params.weighting(), ordinalTime));
    }

    private Neighbours neighbours(UserHistory h, InteractionMatrix.Row row) {
        Scratch s = scratch.get();
        int self = h.user();
        double norm2 = 0;
        for (int r = 0; r < row.size(); r++) {
            norm2 += (double) row.values()[r] * row.values()[r];
        }
        float left = Kernels.leftFactor(params.similarity(), params.alpha(), norm2, row.size());
        int t = 0;
        for (int r = 0; r < row.size(); r++) {
            int i = row.items()[r];
            if (i < 0 || i >= numItems) {
                continue;
            }
            float rui = row.values()[r];
            for (int e = itemPtr[i]; e < itemPtr[i + 1]; e++) {
                int v = itemUsers[e];
                if (v == self) {
                    continue;
                }
                if (s.count[v]++ == 0) {
                    s.touched[t++] = v;
                }
                s.dot[v] += rui * itemValues[e];
            }
        }
        for (int c = 0; c < t; c++) {
            int v = s.touched[c];
            s.sim[v] = Kernels.similarity(params.similarity(), s.dot[v], s.count[v], left, rightFactor[v],
                    params.shrink());
        }
        int kept = TopK.select(s.touched, t, s.sim, params.k(), s.top);
        while (kept > 0 && !(s.sim[s.top[kept - 1]] > 0)) {
            kept--;
        }
        int[] users = Arrays.copyOf(s.top, kept);
        float[] sims = new float[kept];
        for (int c = 0; c < kept; c++) {
            sims[c] = s.sim[users[c]];
        }
        for (int c = 0; c < t; c++) {
            int v = s.touched[c];
            s.dot[v] = 0;
            s.count[v] = 0;
            s.sim[v] = 0;
        }
        return new Neighbours(users, sims);
    }

    @Override
    public void scoreAll(UserHistory user, float[] out) {
        if (out.length < numItems) {
            throw new IllegalArgumentException("score array has length " + out.length + ", needs " + numItems);
        }
        Arrays.fill(out, 0, numItems, 0f);
        Neighbours nb = neighbours(user);
        for (int n = 0; n < nb.size(); n++) {
            int v = nb.users[n];
            float w = nb.sims[n];
            for (int e = userPtr[v]; e < userPtr[v + 1]; e++) {
                out[userItems[e]] += w * userValues[e];
            }
        }
    }

    /**
     * Scores only the candidates: per neighbour, binary-searches the candidates in its row or scans the row
     * against a hash of the candidates, whichever is cheaper. Gives exactly the values of {@link #scoreAll}.
     */
    @Override
    public void score(UserHistory user, int[] candidates, float[] out) {
        CandidateIndex index = new CandidateIndex(candidates, numItems);
        float[] acc = new float[index.size()];
        Neighbours nb = neighbours(user);
        for (int n = 0; n < nb.size(); n++) {
            int v = nb.users[n];
            index.accumulate(userItems, userValues, userPtr[v], userPtr[v + 1], nb.sims[n], acc);
        }
        index.scatter(acc, out);
    }

    /**
     * Evidence: first the neighbours who interacted with {@code item} (kind {@code "neighbour-user"}, item -1,
     * weight sim(u, v)·r<sub>v,item</sub>, which is the similarity itself with binary strengths), largest first;
     * then the history items shared with those neighbours (kind {@code "history-item"}), each weighted by its
     * share of the neighbours' votes: a neighbour's vote is split over the shared items in proportion to
     * r<sub>ui</sub>·r<sub>vi</sub>, the item's part of the dot product behind the similarity. At most
     * {@link #MAX_EVIDENCE} of each kind.
     */
    @Override
    public Explanation explain(UserHistory user, int item) {
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item " + item + " is not in 0.." + (numItems - 1));
        }
        InteractionMatrix.Row row = InteractionMatrix.rowOf(user, params.weighting(), ordinalTime);
        Neighbours nb = neighbours(user, row);
        List<Evidence> voters = new ArrayList<>();
        double[] shared = new double[row.size()];
        int[] sharedBy = new int[row.size()];
        float score = 0;
        for (int n = 0; n < nb.size(); n++) {
            int v = nb.users[n];
            int e = Kernels.find(userItems, userPtr[v], userPtr[v + 1], item);
            if (e < 0) {
                continue;
            }
            float vote = nb.sims[n] * userValues[e];
            score += vote;
            voters.add(new Evidence("neighbour-user", -1, vote, "user " + Bin.name(userIds, v)
                    + " also interacted with this item; similarity " + Phrases.number(nb.sims[n])));
            splitVote(row, v, vote, shared, sharedBy);
        }
        voters.sort((a, b) -> Double.compare(b.weight(), a.weight()));
        List<Evidence> items = new ArrayList<>();
        for (int r = 0; r < row.size(); r++) {
            if (sharedBy[r] > 0) {
                int i = row.items()[r];
                items.add(new Evidence("history-item", i, shared[r], "you "
                        + Phrases.done(Phrases.strongestBehavior(user, i, params.weighting())) + " it, like "
                        + sharedBy[r] + (sharedBy[r] == 1 ? " neighbour" : " neighbours") + " who chose this item"));
            }
        }
        items.sort((a, b) -> a.weight() != b.weight() ? Double.compare(b.weight(), a.weight())
                : Integer.compare(a.item(), b.item()));
        List<Evidence> evidence = new ArrayList<>(voters.subList(0, Math.min(MAX_EVIDENCE, voters.size())));
        evidence.addAll(items.subList(0, Math.min(MAX_EVIDENCE, items.size())));
        String target = "item " + Bin.name(itemIds, item);
        String summary;
        if (voters.isEmpty()) {
            summary = "None of your " + nb.size() + " most similar shoppers interacted with " + target;
        } else {
            List<String> parts = new ArrayList<>();
            for (Evidence e : items.subList(0, Math.min(2, items.size()))) {
                parts.add(Phrases.doneWith(Phrases.strongestBehavior(user, e.item(), params.weighting()),
                        "item " + Bin.name(itemIds, e.item()), "their"));
            }
            summary = "Because " + voters.size() + (voters.size() == 1 ? " shopper who" : " shoppers who")
                    + " also " + Phrases.join(parts, items.size())
                    + " chose " + target;
        }
        return new Explanation(item, score, summary, evidence);
    }

    /** Splits {@code vote} of neighbour v over the history items it shares, by their part of dot(u, v). */
    private void splitVote(InteractionMatrix.Row row, int v, float vote, double[] shared, int[] sharedBy) {
        double dot = 0;
        int a = 0;
        int b = userPtr[v];
        int end = userPtr[v + 1];
        while (a < row.size() && b < end) {
            int i = row.items()[a];
            if (i < userItems[b]) {
                a++;
            } else if (i > userItems[b]) {
                b++;
            } else {
                dot += (double) row.values()[a] * userValues[b];
                a++;
                b++;
            }
        }
        if (dot <= 0) {
            return;
        }
        a = 0;
        b = userPtr[v];
        while (a < row.size() && b < end) {
            int i = row.items()[a];
            if (i < userItems[b]) {
                a++;
            } else if (i > userItems[b]) {
                b++;
            } else {
                shared[a] += vote * (row.values()[a] * userValues[b] / dot);
                sharedBy[a]++;
                a++;
                b++;
            }
        }
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            out.writeBoolean(ordinalTime);
            out.writeInt(numItems);
            Bin.writeInts(out, userPtr);
            Bin.writeInts(out, userItems);
            Bin.writeFloats(out, userValues);
            Bin.writeIds(out, userIds, numUsers);
            Bin.writeIds(out, itemIds, numItems);
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static UserKnnModel load(Path file) {
        return ModelFiles.read(file, UserKnnParams.NAME, UserKnnModel::read);
    }

    private static UserKnnModel read(DataInputStream in, Provenance provenance) throws IOException {
        boolean ordinal = in.readBoolean();
        int items = in.readInt();
        int[] ptr = Bin.readInts(in, "user pointers");
        int[] userItems = Bin.readInts(in, "user items");
        float[] values = Bin.readFloats(in, "user values");
        IdMap users = Bin.readIds(in);
        IdMap itemIds = Bin.readIds(in);
        return new UserKnnModel(UserKnnParams.from(provenance.params()), items, ptr, userItems, values, ordinal,
                users, itemIds, provenance);
    }

    /** One thread's dense accumulators over the training users, reset through the touched list after use. */
    private static final class Scratch {
        final float[] dot;
        final int[] count;
        final float[] sim;
        final int[] touched;
        final int[] top;

        Scratch(int numUsers, int k) {
            dot = new float[numUsers];
            count = new int[numUsers];
            sim = new float[numUsers];
            touched = new int[numUsers];
            top = new int[Math.min(k, numUsers)];
        }
    }
}
