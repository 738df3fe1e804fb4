package io.shoplens.recommend.mf;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.recommend.common.InteractionMatrix;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A BPR-MF model (Rendle et al., UAI 2009): the score of item {@code j} is {@code w · h_j + b_j}. The user vector
 * {@code w} comes from the given history as {@link BprParams#foldIn()} says: the trained vector of a known user
 * ({@code learned}), the mean of the history items' factors ({@code mean}), or a few LearnBPR passes over the
 * history's items with the item factors fixed, started from the trained vector of a known user and from the mean
 * otherwise ({@code sgd}, seeded by the model seed and the history, so repeatable). With {@code sgd}, events a
 * known user made after training (the validation item in the test part of a leave-one-out split, live events)
 * move the vector too. An empty history (or one
 * whose items are all outside the model) gets the mean of the trained user vectors, the average shopper, which
 * ranks roughly by popularity.
 *
 * <p>{@link #explain} lists the history items with the cosine similarity of their factors to the target's as
 * evidence ({@code history-item}, largest first), and the item bias as {@code popularity} evidence.
 *
 * <p>Immutable and thread-safe.
 */
public final class BprModel extends FactorModel {
    private final BprParams params;
    private final boolean ordinalTime;

    BprModel(Factors factors, BprParams params, boolean ordinalTime, Provenance provenance) {
        super(factors, provenance);
        this.params = params;
        this.ordinalTime = ordinalTime;
    }

    /** The hyperparameters the model was trained with. */
    public BprParams params() {
        return params;
    }

    @Override
    public float[] userVector(UserHistory history) {
        int k = rank();
        boolean known = history.user() >= 0 && history.user() < numUsers();
        if (BprParams.LEARNED.equals(params.foldIn()) && known) {
            return trainedUserVector(history.user());
        }
        int[] items = historyItems(history);
        if (items.length == 0) {
            return meanUserVector();
        }
        float[] x = new float[k];
        float[] h = itemFactorTable();
        if (BprParams.SGD.equals(params.foldIn()) && known) {
            System.arraycopy(userFactorTable(), history.user() * k, x, 0, k);
        } else {
            for (int i : items) {
                for (int c = 0; c < k; c++) {
                    x[c] += h[i * k + c];
                }
            }
            float inv = 1f / items.length;
            for (int c = 0; c < k; c++) {
                x[c] *= inv;
            }
        }
        if (BprParams.SGD.equals(params.foldIn())) {
            foldInSgd(x, items, h, k);
        }
        return x;
    }

    private void foldInSgd(float[] x, int[] items, float[] h, int k) {
        float[] bias = itemBiasTable();
        SplittableRandom rnd = new SplittableRandom(params.seed() * 0x9E3779B97F4A7C15L + Arrays.hashCode(items));
        float lr = (float) params.learningRate();
        float reg = (float) params.reg();
        for (int epoch = 0; epoch < params.foldInEpochs(); epoch++) {
            for (int s = 0; s < items.length; s++) {
                int i = items[rnd.nextInt(items.length)];
                int j = BprTrainer.negative(items, 0, items.length, numItems(), rnd);
                if (j < 0) {
                    return;
                }
                BprTrainer.step(x, 0, h, i, j, bias, k, lr, reg, 0f, false);
            }
        }
    }

    /** The distinct history items inside the model, ascending. */
    private int[] historyItems(UserHistory history) {
        InteractionMatrix.Row row = InteractionMatrix.rowOf(history, params.weighting(), ordinalTime);
        return Arrays.stream(row.items()).filter(this::knownItem).toArray();
    }

    @Override
    public Explanation explain(UserHistory history, int item) {
        checkItem(item);
        float score = scoreWith(userVector(history), item);
        int[] items = historyItems(history);
        List<Evidence> evidence = new ArrayList<>(items.length + 1);
        for (int i : items) {
            float sim = cosine(i, item);
            evidence.add(new Evidence("history-item", i, sim, String.format(Locale.ROOT,
                    "factor similarity %.3f to the recommended item", sim)));
        }
        evidence.sort(Comparator.comparingDouble(Evidence::weight).reversed().thenComparingInt(Evidence::item));
        List<Evidence> positive = evidence.stream().filter(e -> e.weight() > 0).toList();
        String summary = positive.isEmpty() ? "Popular with other shoppers" : becauseSummary(itemsOf(positive));
        if (hasItemBias()) {
            evidence.add(new Evidence("popularity", item, itemBias(item), String.format(Locale.ROOT,
                    "learned item bias %.3f", itemBias(item))));
        }
        if (items.length == 0) {
            evidence.add(0, new Evidence("popularity", item, score - itemBias(item),
                    "no history: scored with the average trained user vector"));
            summary = "No history yet: scored with the average shopper's taste";
        }
        return new Explanation(item, score, summary, evidence);
    }

    @Override
    void writeExtra(DataOutputStream out) throws IOException {
        out.writeBoolean(ordinalTime);
    }

    /** Loads a model saved by {@link #save}. */
    public static BprModel load(Path file) {
        return ModelFiles.read(file, BprParams.NAME, BprModel::read);
    }

    private static BprModel read(DataInputStream in, Provenance provenance) throws IOException {
        Factors f = Factors.read(in);
        boolean ordinalTime = in.readBoolean();
        return new BprModel(f, BprParams.from(provenance.params()), ordinalTime, provenance);
    }
}
