package io.shoplens.recommend.ease;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.recommend.common.InteractionMatrix;
import io.shoplens.recommend.common.ItemCap;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An EASE model (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): the score of target item
 * j for a user with interaction strengths x is {@code x · B[:, j] = Σᵢ xᵢ B[i][j]} over the items i of the history
 * it is given, so it scores any history, including live events and users unseen in training. Weights B come from
 * {@link EaseTrainer}.
 *
 * <p>When training kept only the most popular items ({@code maxItems}), history items outside them contribute
 * nothing and target items outside them score {@link #OUTSIDE_SCORE}, below every score the model can give.
 * Scores are sums in double rounded once to float; {@link #explain} returns the individual terms, which add up to
 * the score. Immutable and thread-safe.
 */
public final class EaseModel implements Recommender {
    /** The score of items outside the trained items: {@link ItemCap#OUTSIDE_SCORE}. */
    public static final float OUTSIDE_SCORE = ItemCap.OUTSIDE_SCORE;

    private static final int DENSE = 0;
    private static final int PRUNED = 1;

    private final int numItems;
    private final int[] kept;
    private final int[] localOf;
    private final EaseWeights weights;
    private final EaseParams params;
    private final boolean ordinalTime;
    private final Provenance provenance;

    /**
     * @param kept local index to item index (ascending), or null when every item is in the model
     */
    EaseModel(int numItems, int[] kept, EaseWeights weights, EaseParams params, boolean ordinalTime,
              Provenance provenance) {
        int n = kept == null ? numItems : kept.length;
        if (weights.size() != n) {
            throw new IllegalArgumentException("weights cover " + weights.size() + " items, the model " + n);
        }
        this.numItems = numItems;
        this.kept = kept;
        this.weights = weights;
        this.params = params;
        this.ordinalTime = ordinalTime;
        this.provenance = provenance;
        if (kept == null) {
            localOf = null;
        } else {
            localOf = new int[numItems];
            Arrays.fill(localOf, -1);
            for (int l = 0; l < kept.length; l++) {
                localOf[kept[l]] = l;
            }
        }
    }

    @Override
    public int numItems() {
        return numItems;
    }

    /** Number of items the weights cover ({@code maxItems}, or every item). */
    public int modelItems() {
        return weights.size();
    }

    /** Number of stored weights (n² when dense). */
    public long storedWeights() {
        return weights.stored();
    }

    /**
     * The weight B[from][to] between two item indexes: what an interaction of strength 1 with {@code from} adds to
     * the score of {@code to}; 0 when either is outside the model.
     */
    public float weight(int from, int to) {
        int i = local(from);
        int j = local(to);
        return i < 0 || j < 0 ? 0f : weights.weight(i, j);
    }

    /** The hyperparameters the model was trained with. */
    public EaseParams params() {
        return params;
    }

    /** The history as local rows (ascending) with strengths; {@code count} of them are valid. */
    private record LocalRow(int[] rows, float[] values, int count) {
    }

    private LocalRow localRow(UserHistory user) {
        InteractionMatrix.Row row = InteractionMatrix.rowOf(user, params.weighting(), ordinalTime);
        int[] rows = new int[row.size()];
        float[] values = new float[row.size()];
        int count = 0;
        for (int k = 0; k < row.size(); k++) {
            int l = local(row.items()[k]);
            if (l >= 0) {
                rows[count] = l;
                values[count] = row.values()[k];
                count++;
            }
        }
        return new LocalRow(rows, values, count);
    }

    private int local(int item) {
        if (item < 0 || item >= numItems) {
            return -1;
        }
        return localOf == null ? item : localOf[item];
    }

    @Override
    public void scoreAll(UserHistory user, float[] out) {
        LocalRow r = localRow(user);
        double[] acc = new double[weights.size()];
        for (int k = 0; k < r.count(); k++) {
            weights.addRow(r.rows()[k], r.values()[k], acc);
        }
        if (kept == null) {
            for (int j = 0; j < numItems; j++) {
                out[j] = (float) acc[j];
            }
        } else {
            Arrays.fill(out, 0, numItems, OUTSIDE_SCORE);
            for (int l = 0; l < kept.length; l++) {
                out[kept[l]] = (float) acc[l];
            }
        }
    }

    @Override
    public void score(UserHistory user, int[] candidates, float[] out) {
        LocalRow r = localRow(user);
        for (int c = 0; c < candidates.length; c++) {
            int j = local(candidates[c]);
            out[c] = j < 0 ? OUTSIDE_SCORE : (float) weights.dot(r.rows(), r.values(), r.count(), j);
        }
    }

    @Override
    public Explanation explain(UserHistory user, int item) {
        if (item < 0 || item >= numItems) {
            throw new IllegalArgumentException("item " + item + " is outside 0.." + (numItems - 1));
        }
        int j = local(item);
        if (j < 0) {
            return new Explanation(item, OUTSIDE_SCORE, "Item " + item + " is not among the " + weights.size()
                    + " most popular items this EASE model was trained on, so it is ranked last", List.of());
        }
        LocalRow r = localRow(user);
        List<Evidence> evidence = new ArrayList<>();
        for (int k = 0; k < r.count(); k++) {
            int i = r.rows()[k];
            float b = weights.weight(i, j);
            double contribution = (double) r.values()[k] * b;
            if (contribution != 0) {
                int from = kept == null ? i : kept[i];
                evidence.add(new Evidence("history-item", from, contribution, String.format(Locale.ROOT,
                        "item %d in your history (strength %.3g) × item-item weight %.4g", from, r.values()[k], b)));
            }
        }
        evidence.sort(Comparator.comparingDouble(Evidence::weight).reversed()
                .thenComparingInt(Evidence::item));
        float score = (float) weights.dot(r.rows(), r.values(), r.count(), j);
        String summary;
        if (evidence.isEmpty()) {
            summary = "No item in your history is linked to item " + item + " (score 0)";
        } else {
            Evidence top = evidence.get(0);
            summary = String.format(Locale.ROOT, "Because of item %d in your history (%+.4f)%s; score %.4f",
                    top.item(), top.weight(), evidence.size() > 1 ? " and " + (evidence.size() - 1)
                            + " more" : "", score);
        }
        return new Explanation(item, score, summary, evidence);
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, this::write);
    }

    private void write(DataOutputStream out) throws IOException {
        out.writeInt(numItems);
        out.writeBoolean(ordinalTime);
        out.writeBoolean(kept != null);
        if (kept != null) {
            out.writeInt(kept.length);
            EaseWeights.writeInts(out, kept);
        }
        out.writeInt(weights instanceof EaseWeights.Dense ? DENSE : PRUNED);
        weights.write(out);
    }

    /** Loads a model saved by {@link #save}. */
    public static EaseModel load(Path file) {
        return ModelFiles.read(file, EaseParams.NAME, EaseModel::read);
    }

    private static EaseModel read(DataInputStream in, Provenance provenance) throws IOException {
        int numItems = in.readInt();
        boolean ordinalTime = in.readBoolean();
        int[] kept = null;
        if (in.readBoolean()) {
            int n = in.readInt();
            if (n < 0 || n > numItems) {
                throw new IOException("corrupt EASE model: " + n + " kept items of " + numItems);
            }
            kept = new int[n];
            EaseWeights.readInts(in, kept);
            for (int k = 0; k < n; k++) {
                if (kept[k] < 0 || kept[k] >= numItems || (k > 0 && kept[k] <= kept[k - 1])) {
                    throw new IOException("corrupt EASE model: kept item " + kept[k] + " at " + k);
                }
            }
        }
        int kind = in.readInt();
        EaseWeights w = switch (kind) {
            case DENSE -> EaseWeights.Dense.read(in);
            case PRUNED -> EaseWeights.Pruned.read(in);
            default -> throw new IOException("corrupt EASE model: weight kind " + kind);
        };
        return new EaseModel(numItems, kept, w, EaseParams.from(provenance.params()), ordinalTime, provenance);
    }
}
