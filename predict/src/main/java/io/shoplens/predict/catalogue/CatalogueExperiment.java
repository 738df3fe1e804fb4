package io.shoplens.predict.catalogue;

import io.shoplens.predict.tabular.Metrics;
import io.shoplens.predict.tabular.PriorTrainer;
import io.shoplens.predict.tabular.TabularModel;
import io.shoplens.predict.tabular.TabularTrainer;
import io.shoplens.predict.tabular.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Category classification and price regression on an item catalogue, each against its baseline in one run. Items
 * are split at random (seeded) into train, validation and test; the title vocabulary is learnt on the training
 * items only; learners choose epochs or rounds on validation; test is scored once.
 *
 * <p>Category: majority class (baseline) and the given learners on title tokens, token count and log price;
 * accuracy and macro F1. Price: median price of the item's category (baseline) and the given learners on title
 * tokens, token count and category, all fitted to ln(price); MAE and MAPE on the price itself (predictions are
 * exp of the fitted log price, i.e. an estimate of the conditional median).
 */
public final class CatalogueExperiment {
    private final double validationShare;
    private final double testShare;
    private final int minTokenCount;
    private final int maxTokens;
    private final long seed;

    /**
     * @param validationShare share of items for validation, (0, 0.5)
     * @param testShare       share of items for test, (0, 0.5)
     * @param minTokenCount   tokens must appear in this many training titles, at least 1
     * @param maxTokens       vocabulary size cap, at least 1
     * @param seed            seed of the split
     */
    public CatalogueExperiment(double validationShare, double testShare, int minTokenCount, int maxTokens, long seed) {
        if (!(validationShare > 0 && validationShare < 0.5) || !(testShare > 0 && testShare < 0.5)) {
            throw new IllegalArgumentException("validation and test shares must be in (0, 0.5), got "
                    + validationShare + " and " + testShare);
        }
        this.validationShare = validationShare;
        this.testShare = testShare;
        this.minTokenCount = minTokenCount;
        this.maxTokens = maxTokens;
        this.seed = seed;
    }

    /** Defaults: 15% validation, 15% test, tokens seen in 2+ training titles, at most 3000 of them, seed 42. */
    public static CatalogueExperiment defaults() {
        return new CatalogueExperiment(0.15, 0.15, 2, 3000, 42);
    }

    /**
     * One model's scores; classification fills accuracy and macro F1, regression MAE and MAPE (NaN otherwise).
     *
     * @param name            model name
     * @param params          hyperparameters and what training chose
     * @param trainSeconds    training wall time
     * @param validation      the main metric on validation (accuracy, or MAE in currency)
     * @param testAccuracy    test accuracy
     * @param testMacroF1     test macro F1
     * @param testMae         test mean absolute error of the price, in currency
     * @param testMape        test mean absolute percentage error of the price, in percent
     */
    public record ModelResult(String name, Map<String, String> params, double trainSeconds, double validation,
                              double testAccuracy, double testMacroF1, double testMae, double testMape) {
    }

    /**
     * The outcome of one task.
     *
     * @param task     "category" or "price"
     * @param protocol one readable line
     * @param baseline the baseline's name
     * @param features feature columns
     * @param models   results, baseline first
     */
    public record Report(String task, String protocol, String baseline, int features, List<ModelResult> models) {
        /** The result of the model called {@code name}. */
        public ModelResult model(String name) {
            return models.stream().filter(m -> m.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no model " + name + " in the report"));
        }
    }

    /** The three parts and the features fitted on the training part. */
    record Parts(List<Catalogue.Item> train, List<Catalogue.Item> validation, List<Catalogue.Item> test,
                 ItemFeatures features) {
    }

    Parts split(Catalogue c) {
        List<Catalogue.Item> items = new ArrayList<>(c.items());
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = items.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Catalogue.Item t = items.get(i);
            items.set(i, items.get(j));
            items.set(j, t);
        }
        int n = items.size();
        int nv = (int) Math.round(n * validationShare);
        int nt = (int) Math.round(n * testShare);
        if (nv < 1 || nt < 1 || n - nv - nt < 2) {
            throw new IllegalArgumentException("a catalogue of " + n + " items is too small to split into train, "
                    + "validation and test");
        }
        List<Catalogue.Item> valid = items.subList(0, nv);
        List<Catalogue.Item> test = items.subList(nv, nv + nt);
        List<Catalogue.Item> train = items.subList(nv + nt, n);
        return new Parts(train, valid, test, ItemFeatures.fit(train, c.items(), minTokenCount, maxTokens));
    }

    private String protocol(Parts p, String what) {
        return String.format(Locale.ROOT, "random item split (seed %d): train %,d, validation %,d, test %,d items; "
                + "%s; title vocabulary of %,d tokens from training titles; epochs/rounds chosen on validation",
                seed, p.train().size(), p.validation().size(), p.test().size(), what, p.features().vocabularySize());
    }

    /** Category classification with the majority class as baseline and {@code learners}. */
    public Report category(Catalogue c, String fingerprint, List<TabularTrainer> learners) {
        Parts p = split(c);
        Table train = p.features().categoryTable(p.train(), fingerprint);
        Table valid = p.features().categoryTable(p.validation(), fingerprint);
        Table test = p.features().categoryTable(p.test(), fingerprint);
        List<TabularTrainer> all = new ArrayList<>();
        all.add(new PriorTrainer());
        all.addAll(learners);
        List<ModelResult> out = new ArrayList<>();
        for (TabularTrainer t : all) {
            TabularModel m = t.train(train, valid);
            double[][] pt = m.predict(test);
            String name = t instanceof PriorTrainer ? "majority-class" : t.algorithm();
            out.add(new ModelResult(name, m.provenance().params(), m.provenance().trainSeconds(),
                    Metrics.accuracy(m.predict(valid), valid.y()), Metrics.accuracy(pt, test.y()),
                    Metrics.macroF1(pt, test.y(), train.numClasses()), Double.NaN, Double.NaN));
        }
        return new Report("category", protocol(p, p.features().categories().size() + " categories; accuracy and "
                + "macro F1"), "majority-class", train.columns(), out);
    }

    /** Price regression with the category median as baseline and {@code learners}. */
    public Report price(Catalogue c, String fingerprint, List<TabularTrainer> learners) {
        Parts p = split(c);
        Table train = p.features().priceTable(p.train(), fingerprint);
        Table valid = p.features().priceTable(p.validation(), fingerprint);
        Table test = p.features().priceTable(p.test(), fingerprint);
        float[] validPrice = exp(valid.y());
        float[] testPrice = exp(test.y());
        List<TabularTrainer> all = new ArrayList<>();
        all.add(new CategoryMedianTrainer());
        all.addAll(learners);
        List<ModelResult> out = new ArrayList<>();
        for (TabularTrainer t : all) {
            TabularModel m = t.train(train, valid);
            double[] pv = expD(m.predictFirst(valid));
            double[] pt = expD(m.predictFirst(test));
            out.add(new ModelResult(t.algorithm(), m.provenance().params(), m.provenance().trainSeconds(),
                    Metrics.mae(pv, validPrice), Double.NaN, Double.NaN, Metrics.mae(pt, testPrice),
                    Metrics.mape(pt, testPrice)));
        }
        return new Report("price", protocol(p, "models fit ln(price), scored as price; MAE in currency and MAPE"),
                CategoryMedianTrainer.NAME, train.columns(), out);
    }

    private static float[] exp(float[] v) {
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = (float) Math.exp(v[i]);
        }
        return o;
    }

    private static double[] expD(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = Math.exp(v[i]);
        }
        return o;
    }
}
