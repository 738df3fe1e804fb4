package io.shoplens.recommend.precomputed;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Recommendations computed elsewhere (by {@code shoplens spark recommend} on a cluster) and served from two
 * compact tables in the served data's index space, without any per-user object: every user's list (CSR: offsets
 * per user, then item indexes and scores, best first) and every item's neighbours (the same layout).
 *
 * <p><b>Scoring.</b> A user with a list ({@code history.user()} in range and a non-empty list) is scored by it:
 * the listed items get their precomputed ALS scores, every other item NaN (not recommendable), so events after
 * the precomputation change the answer only through the caller's seen-item filter. Every other history (a user
 * without a list, live-only users, the one-item history of a similar-items request) is scored item-to-item: item
 * {@code j} gets {@code Σ_i s_ij} over the distinct history items {@code i} that list {@code j} among their
 * neighbours (the ItemKNN rule of Sarwar et al., WWW 2001), items no history item lists get NaN. A similar-items
 * request therefore returns the item's precomputed neighbours in order.
 *
 * <p><b>Explanations</b> name where a score came from: "precomputed by Spark ALS at TIME, score S" for list
 * items, or the history items whose neighbour lists hold the item, each one {@code "history-item"} evidence with
 * its similarity.
 *
 * <p>Memory: 8 bytes per list entry and per neighbour plus 4 bytes per user and per item. Immutable and
 * thread-safe; recommending costs {@code O(k)} for a listed user, {@code O(h n log(h n))} for a history of
 * {@code h} items with {@code n} neighbours each.
 */
public final class PrecomputedModel implements Recommender {
    private final String neighbours;
    private final int numUsers;
    private final int numItems;
    private final int[] userStart;
    private final int[] userItems;
    private final float[] userScores;
    private final int[] itemStart;
    private final int[] nbItems;
    private final float[] nbScores;
    private final Provenance provenance;

    /**
     * A model over CSR tables, taken not copied: {@code userStart} has {@code numUsers + 1} offsets into
     * {@code userItems}/{@code userScores} (each user's items best first), {@code itemStart} has
     * {@code numItems + 1} offsets into {@code nbItems}/{@code nbScores}.
     *
     * @param neighbours which neighbour table the item lists are ({@link PrecomputedParams#COOC} or
     *                   {@link PrecomputedParams#ALS}), for explanations
     */
    PrecomputedModel(String neighbours, int numItems, int[] userStart, int[] userItems, float[] userScores,
                     int[] itemStart, int[] nbItems, float[] nbScores, Provenance provenance) {
        check("user", userStart, userItems, userScores, numItems);
        check("item", itemStart, nbItems, nbScores, numItems);
        if (itemStart.length != numItems + 1) {
            throw new IllegalArgumentException("item offsets have " + itemStart.length + " entries for " + numItems
                    + " items");
        }
        this.neighbours = neighbours;
        this.numUsers = userStart.length - 1;
        this.numItems = numItems;
        this.userStart = userStart;
        this.userItems = userItems;
        this.userScores = userScores;
        this.itemStart = itemStart;
        this.nbItems = nbItems;
        this.nbScores = nbScores;
        this.provenance = provenance;
    }

    private static void check(String what, int[] start, int[] items, float[] scores, int numItems) {
        if (start.length < 1 || start[0] != 0 || start[start.length - 1] != items.length
                || items.length != scores.length) {
            throw new IllegalArgumentException(what + " table is inconsistent: " + start.length + " offsets ending at "
                    + (start.length == 0 ? "nothing" : start[start.length - 1]) + ", " + items.length + " items, "
                    + scores.length + " scores");
        }
        for (int r = 1; r < start.length; r++) {
            if (start[r] < start[r - 1]) {
                throw new IllegalArgumentException(what + " offsets decrease at row " + r);
            }
        }
        for (int i : items) {
            if (i < 0 || i >= numItems) {
                throw new IllegalArgumentException(what + " table lists item " + i + " outside 0.." + (numItems - 1));
            }
        }
    }

    /** Users in the index space (those without a list included). */
    public int numUsers() {
        return numUsers;
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Which neighbour table answers similar items: {@code cooc} or {@code als}. */
    public String neighbours() {
        return neighbours;
    }

    /** Whether {@code user} has a precomputed list (false for indexes out of range). */
    public boolean hasList(int user) {
        return user >= 0 && user < numUsers && userStart[user + 1] > userStart[user];
    }

    /** The precomputed list of {@code user}, best first (empty without one). */
    public List<ScoredItem> list(int user) {
        if (!hasList(user)) {
            return List.of();
        }
        List<ScoredItem> out = new ArrayList<>(userStart[user + 1] - userStart[user]);
        for (int p = userStart[user]; p < userStart[user + 1]; p++) {
            out.add(new ScoredItem(userItems[p], userScores[p]));
        }
        return out;
    }

    /** The (at most) {@code k} precomputed neighbours of {@code item}, most similar first. */
    public List<ScoredItem> similarItems(int item, int k) {
        checkItem(item);
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int n = Math.min(k, itemStart[item + 1] - itemStart[item]);
        List<ScoredItem> out = new ArrayList<>(n);
        for (int p = itemStart[item]; p < itemStart[item] + n; p++) {
            out.add(new ScoredItem(nbItems[p], nbScores[p]));
        }
        return out;
    }

    /** Sparse scores: the candidates a history gets and their scores (see the class documentation). */
    private record Sparse(int[] items, float[] scores, boolean fromList) {
    }

    private Sparse sparse(UserHistory history) {
        int u = history.user();
        if (hasList(u)) {
            int from = userStart[u];
            int to = userStart[u + 1];
            return new Sparse(Arrays.copyOfRange(userItems, from, to), Arrays.copyOfRange(userScores, from, to), true);
        }
        int[] distinct = history.distinctItems();
        int total = 0;
        for (int i : distinct) {
            if (i >= 0 && i < numItems) {
                total += itemStart[i + 1] - itemStart[i];
            }
        }
        long[] keyed = new long[total];
        float[] values = new float[total];
        int n = 0;
        for (int i : distinct) {
            if (i < 0 || i >= numItems) {
                continue;
            }
            for (int p = itemStart[i]; p < itemStart[i + 1]; p++) {
                keyed[n] = ((long) nbItems[p] << 32) | n;
                values[n++] = nbScores[p];
            }
        }
        Arrays.sort(keyed);
        int[] items = new int[total];
        float[] scores = new float[total];
        int m = 0;
        for (int q = 0; q < total; q++) {
            int item = (int) (keyed[q] >>> 32);
            float s = values[(int) keyed[q]];
            if (m > 0 && items[m - 1] == item) {
                scores[m - 1] += s;
            } else {
                items[m] = item;
                scores[m++] = s;
            }
        }
        return new Sparse(Arrays.copyOf(items, m), Arrays.copyOf(scores, m), false);
    }

    @Override
    public void scoreAll(UserHistory user, float[] out) {
        if (out.length < numItems) {
            throw new IllegalArgumentException("score array has " + out.length + " slots for " + numItems
                    + " items");
        }
        Arrays.fill(out, 0, numItems, Float.NaN);
        Sparse s = sparse(user);
        for (int q = 0; q < s.items().length; q++) {
            out[s.items()[q]] = s.scores()[q];
        }
    }

    /** Scores only the candidates, from the sparse scores (NaN for items without one). */
    @Override
    public void score(UserHistory user, int[] candidates, float[] out) {
        Sparse s = sparse(user);
        int[] order = s.fromList() ? sortedCopy(s.items()) : s.items();
        float[] byOrder = s.fromList() ? permute(s.items(), s.scores(), order) : s.scores();
        for (int n = 0; n < candidates.length; n++) {
            checkItem(candidates[n]);
            int p = Arrays.binarySearch(order, candidates[n]);
            out[n] = p >= 0 ? byOrder[p] : Float.NaN;
        }
    }

    private static int[] sortedCopy(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }

    private static float[] permute(int[] items, float[] scores, int[] sorted) {
        float[] out = new float[sorted.length];
        for (int q = 0; q < items.length; q++) {
            out[Arrays.binarySearch(sorted, items[q])] = scores[q];
        }
        return out;
    }

    /** The best {@code k} of the sparse scores, without a full-catalogue array; ties go to the lower index. */
    @Override
    public List<ScoredItem> recommend(UserHistory user, int k, IntPredicate exclude) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Sparse s = sparse(user);
        Integer[] order = new Integer[s.items().length];
        for (int q = 0; q < order.length; q++) {
            order[q] = q;
        }
        Arrays.sort(order, (a, b) -> s.scores()[a] != s.scores()[b] ? Float.compare(s.scores()[b], s.scores()[a])
                : Integer.compare(s.items()[a], s.items()[b]));
        List<ScoredItem> out = new ArrayList<>(Math.min(k, order.length));
        for (int q = 0; q < order.length && out.size() < k; q++) {
            int item = s.items()[order[q]];
            if (exclude == null || !exclude.test(item)) {
                out.add(new ScoredItem(item, s.scores()[order[q]]));
            }
        }
        return out;
    }

    @Override
    public Explanation explain(UserHistory history, int item) {
        checkItem(item);
        String at = provenance.trainedAt().toString();
        int u = history.user();
        if (hasList(u)) {
            for (int p = userStart[u]; p < userStart[u + 1]; p++) {
                if (userItems[p] == item) {
                    String detail = String.format(Locale.ROOT, "precomputed by Spark ALS at %s, score %.4g", at,
                            userScores[p]);
                    return new Explanation(item, userScores[p], "Precomputed for you by Spark ALS at " + at,
                            List.of(new Evidence("precomputed", item, userScores[p], detail + ", position "
                                    + (p - userStart[u] + 1) + " of the user's list")));
                }
            }
            return new Explanation(item, Float.NaN, "Not in the list precomputed for this user by Spark ALS at " + at,
                    List.of());
        }
        List<Evidence> evidence = new ArrayList<>();
        double score = 0;
        String table = PrecomputedParams.ALS.equals(neighbours) ? "ALS item factors" : "co-occurrence";
        for (int i : history.distinctItems()) {
            if (i < 0 || i >= numItems) {
                continue;
            }
            for (int p = itemStart[i]; p < itemStart[i + 1]; p++) {
                if (nbItems[p] == item) {
                    score += nbScores[p];
                    evidence.add(new Evidence("history-item", i, nbScores[p], String.format(Locale.ROOT,
                            "neighbour by cosine of %s %.4g, precomputed by Spark at %s", table, nbScores[p], at)));
                }
            }
        }
        evidence.sort((a, b) -> a.weight() != b.weight() ? Double.compare(b.weight(), a.weight())
                : Integer.compare(a.item(), b.item()));
        if (evidence.isEmpty()) {
            return new Explanation(item, Float.NaN, "No history item lists this item among its precomputed "
                    + "neighbours", List.of());
        }
        return new Explanation(item, (float) score, "Similar to item " + evidence.get(0).item()
                + " you interacted with (neighbours precomputed by Spark at " + at + ")", evidence);
    }

    private void checkItem(int item) {
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item " + item + " is outside 0.." + (numItems - 1));
        }
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            out.writeInt(numItems);
            writeTable(out, userStart, userItems, userScores);
            writeTable(out, itemStart, nbItems, nbScores);
        });
    }

    private static void writeTable(DataOutputStream out, int[] start, int[] items, float[] scores)
            throws IOException {
        out.writeInt(start.length);
        for (int v : start) {
            out.writeInt(v);
        }
        out.writeInt(items.length);
        for (int q = 0; q < items.length; q++) {
            out.writeInt(items[q]);
            out.writeFloat(scores[q]);
        }
    }

    /** Loads a model saved by {@link #save}. */
    public static PrecomputedModel load(Path file) {
        return ModelFiles.read(file, PrecomputedParams.NAME, PrecomputedModel::read);
    }

    private static PrecomputedModel read(DataInputStream in, Provenance provenance) throws IOException {
        String neighbours = provenance.params().getOrDefault("neighbours", "");
        if (!neighbours.equals(PrecomputedParams.COOC) && !neighbours.equals(PrecomputedParams.ALS)) {
            throw new IOException("precomputed model provenance names neighbours '" + neighbours
                    + "'; expected cooc or als");
        }
        int numItems = in.readInt();
        if (numItems < 0) {
            throw new IOException("corrupt precomputed model: " + numItems + " items");
        }
        int[][] users = readTable(in);
        int[][] items = readTable(in);
        try {
            return new PrecomputedModel(neighbours, numItems, users[0], users[1], floats(users[2]),
                    items[0], items[1], floats(items[2]), provenance);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt precomputed model: " + e.getMessage(), e);
        }
    }

    /** Offsets, items and scores (as raw float bits). */
    private static int[][] readTable(DataInputStream in) throws IOException {
        int rows = in.readInt();
        if (rows < 1) {
            throw new IOException("corrupt precomputed model: a table with " + rows + " offsets");
        }
        int[] start = new int[rows];
        for (int r = 0; r < rows; r++) {
            start[r] = in.readInt();
        }
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt precomputed model: a table with " + n + " entries");
        }
        int[] items = new int[n];
        int[] bits = new int[n];
        for (int q = 0; q < n; q++) {
            items[q] = in.readInt();
            bits[q] = in.readInt();
        }
        return new int[][] {start, items, bits};
    }

    private static float[] floats(int[] bits) {
        float[] f = new float[bits.length];
        for (int q = 0; q < bits.length; q++) {
            f[q] = Float.intBitsToFloat(bits[q]);
        }
        return f;
    }
}
