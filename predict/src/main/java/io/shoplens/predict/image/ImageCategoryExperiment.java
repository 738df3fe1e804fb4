package io.shoplens.predict.image;

import io.shoplens.predict.tabular.Metrics;
import io.shoplens.predict.tabular.MlpParams;
import io.shoplens.predict.tabular.MlpTrainer;
import io.shoplens.predict.tabular.PriorTrainer;
import io.shoplens.predict.tabular.TabularModel;
import io.shoplens.predict.tabular.TabularTrainer;
import io.shoplens.predict.tabular.Table;
import io.shoplens.predict.tabular.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Product category from the product image: the CNN against the majority class and softmax regression on raw pixels,
 * in one run. The validation images are a seeded random share of the training images (the epoch and every choice
 * are made on them); the test images are scored once at the end. The CNN embeddings are also judged as "visually
 * similar items": the share of each query's nearest test images that have its class, against the same on raw
 * pixels.
 */
public final class ImageCategoryExperiment {
    private final CnnParams cnn;
    private final MlpParams linear;
    private final int validationImages;
    private final long seed;

    /**
     * @param cnn              CNN hyperparameters
     * @param linear           the softmax-regression baseline's training settings (its hidden layers are dropped)
     * @param validationImages training images held out for validation, at least 1
     * @param seed             seed of the validation draw
     */
    public ImageCategoryExperiment(CnnParams cnn, MlpParams linear, int validationImages, long seed) {
        if (validationImages < 1) {
            throw new IllegalArgumentException("validationImages must be >= 1, got " + validationImages);
        }
        this.cnn = cnn;
        this.linear = linear.withHidden(List.of());
        this.validationImages = validationImages;
        this.seed = seed;
    }

    /**
     * One model's scores.
     *
     * @param name               model name
     * @param params             hyperparameters and what training chose
     * @param trainSeconds       training wall time
     * @param validationAccuracy accuracy on the validation images
     * @param testAccuracy       accuracy on the test images
     * @param testMacroF1        macro-averaged F1 on the test images
     */
    public record ModelResult(String name, Map<String, String> params, double trainSeconds, double validationAccuracy,
                              double testAccuracy, double testMacroF1) {
    }

    /**
     * Nearest-neighbour check of the embeddings.
     *
     * @param k                  neighbours per query
     * @param queries            query images (the first test images)
     * @param embeddingPrecision share of neighbours with the query's class, CNN embeddings
     * @param pixelPrecision     the same with raw pixels (cosine)
     */
    public record Similarity(int k, int queries, double embeddingPrecision, double pixelPrecision) {
    }

    /**
     * The outcome.
     *
     * @param protocol         one readable line
     * @param trainImages      images trained on
     * @param validationImages images for validation
     * @param testImages       test images
     * @param baseline         name of the baseline
     * @param models           results, baselines first
     * @param cnnEpochs        the CNN's training history
     * @param similarity       nearest-neighbour check of the CNN embeddings
     */
    public record Report(String protocol, int trainImages, int validationImages, int testImages, String baseline,
                         List<ModelResult> models, List<CnnTrainer.Epoch> cnnEpochs, Similarity similarity) {
    }

    /** Runs on {@code train} (split into train and validation) and {@code test}; {@code name} goes to provenance. */
    public Report run(ImageSet train, ImageSet test, String name) {
        if (validationImages >= train.size()) {
            throw new IllegalArgumentException("validationImages " + validationImages + " must be below the "
                    + train.size() + " training images");
        }
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        ImageSet valid = train.subset(java.util.Arrays.copyOfRange(order, 0, validationImages));
        ImageSet fit = train.subset(java.util.Arrays.copyOfRange(order, validationImages, order.length));
        Table tFit = pixels(fit, name + " train");
        Table tValid = pixels(valid, name + " validation");
        Table tTest = pixels(test, name + " test");
        List<ModelResult> results = new ArrayList<>();
        for (TabularTrainer t : List.of(new PriorTrainer(), new MlpTrainer(linear))) {
            TabularModel m = t.train(tFit, tValid);
            double[][] pt = m.predict(tTest);
            String label = t instanceof PriorTrainer ? "majority-class" : "softmax-regression (pixels)";
            results.add(new ModelResult(label, m.provenance().params(), m.provenance().trainSeconds(),
                    Metrics.accuracy(m.predict(tValid), tValid.y()), Metrics.accuracy(pt, tTest.y()),
                    Metrics.macroF1(pt, tTest.y(), test.classNames().size())));
        }
        Similarity similarity;
        List<CnnTrainer.Epoch> history;
        try (CnnModel m = new CnnTrainer(cnn).train(fit, valid, name + " train minus " + validationImages
                + " validation images, seed " + seed)) {
            float[][] pt = m.probabilities(test);
            results.add(new ModelResult(CnnParams.NAME, m.provenance().params(), m.provenance().trainSeconds(),
                    m.accuracy(valid), Metrics.accuracy(toDouble(pt), tTest.y()),
                    Metrics.macroF1(toDouble(pt), tTest.y(), test.classNames().size())));
            history = m.history();
            similarity = similarity(m.embeddings(test), tTest.x(), test.labels(), 10, Math.min(500, test.size()));
        }
        String protocol = String.format(java.util.Locale.ROOT, "train %,d images, validation %,d drawn from the "
                + "training images (seed %d) for choosing epochs, test %,d images scored once; accuracy and macro "
                + "F1 over %d classes", fit.size(), valid.size(), seed, test.size(), test.classNames().size());
        return new Report(protocol, fit.size(), valid.size(), test.size(), "majority-class", results, history,
                similarity);
    }

    /** Precision at {@code k} of same-class neighbours for the first {@code queries} images. */
    static Similarity similarity(float[][] embeddings, float[][] pixels, int[] labels, int k, int queries) {
        return new Similarity(k, queries, precision(new SimilarImages(embeddings), labels, k, queries),
                precision(new SimilarImages(pixels), labels, k, queries));
    }

    private static double precision(SimilarImages index, int[] labels, int k, int queries) {
        long same = 0;
        for (int q = 0; q < queries; q++) {
            for (SimilarImages.Neighbour nb : index.similarTo(q, k)) {
                if (labels[nb.item()] == labels[q]) {
                    same++;
                }
            }
        }
        return (double) same / ((long) queries * k);
    }

    /** Pixels in [0, 1] as a table, one column per pixel. */
    static Table pixels(ImageSet set, String fingerprint) {
        List<String> names = new ArrayList<>();
        for (int y = 0; y < set.rows(); y++) {
            for (int x = 0; x < set.cols(); x++) {
                names.add("px_" + y + "_" + x);
            }
        }
        float[][] xs = new float[set.size()][];
        float[] ys = new float[set.size()];
        for (int i = 0; i < set.size(); i++) {
            xs[i] = set.image(i);
            ys[i] = set.labels()[i];
        }
        return new Table(names, xs, ys, Task.MULTICLASS, set.classNames().size(), fingerprint);
    }

    private static double[][] toDouble(float[][] p) {
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = new double[p[i].length];
            for (int k = 0; k < p[i].length; k++) {
                out[i][k] = p[i][k];
            }
        }
        return out;
    }
}
