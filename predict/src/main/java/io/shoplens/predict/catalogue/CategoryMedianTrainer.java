package io.shoplens.predict.catalogue;

import io.shoplens.core.model.Provenance;
import io.shoplens.predict.tabular.Table;
import io.shoplens.predict.tabular.TabularTrainer;
import io.shoplens.predict.tabular.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The price baseline: the median training label of the item's category (read from the one-hot {@code cat=}
 * columns), or the overall training median for a category without training items. With labels ln(price) this is
 * ln of the category's median price.
 */
public final class CategoryMedianTrainer implements TabularTrainer {
    /** The algorithm name. */
    public static final String NAME = "category-median";

    @Override
    public String algorithm() {
        return NAME;
    }

    @Override
    public CategoryMedianModel train(Table train, Table validation) {
        if (train.task() != Task.REGRESSION) {
            throw new IllegalArgumentException("the category median predicts a number; the table is " + train.task());
        }
        train.requireRows("the training table");
        long t0 = System.nanoTime();
        int[] catColumns = CategoryMedianModel.categoryColumns(train.featureNames());
        List<List<Float>> byCat = new ArrayList<>();
        for (int k = 0; k < catColumns.length; k++) {
            byCat.add(new ArrayList<>());
        }
        for (int i = 0; i < train.rows(); i++) {
            int k = CategoryMedianModel.hot(train.x()[i], catColumns);
            if (k >= 0) {
                byCat.get(k).add(train.y()[i]);
            }
        }
        double[] med = new double[catColumns.length];
        double overall = median(train.y());
        for (int k = 0; k < med.length; k++) {
            med[k] = byCat.get(k).isEmpty() ? overall : median(toArray(byCat.get(k)));
        }
        Provenance prov = new Provenance(NAME, Map.of(), train.fingerprint(), 0, Provenance.shoplensVersion(),
                Instant.now(), (System.nanoTime() - t0) / 1e9);
        return new CategoryMedianModel(train.featureNames(), med, overall, prov);
    }

    private static float[] toArray(List<Float> v) {
        float[] a = new float[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i);
        }
        return a;
    }

    static double median(float[] v) {
        float[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + (double) s[n / 2]) / 2;
    }
}
