package io.shoplens.cli;

import io.shoplens.predict.image.CnnParams;
import io.shoplens.predict.image.CnnTrainer;
import io.shoplens.predict.image.Idx;
import io.shoplens.predict.image.ImageCategoryExperiment;
import io.shoplens.predict.image.ImageSet;
import io.shoplens.predict.catalogue.Catalogue;
import io.shoplens.predict.catalogue.CatalogueExperiment;
import io.shoplens.predict.tabular.MlpParams;
import io.shoplens.predict.tabular.TabularModels;
import io.shoplens.predict.tabular.TabularTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Product category classification from images (CNN) against the majority class and softmax regression. */
@Command(name = "category", mixinStandardHelpOptions = true,
        description = "Category classification. --source images: a seeded CNN on Fashion-MNIST against the "
                + "majority class and softmax regression on pixels, with training time and an embedding "
                + "nearest-neighbour check. --source items: an MLP on title tokens and price of a catalogue "
                + "against the majority class and softmax regression.")
final class PredictCategory implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--images", defaultValue = "../shared/data/fashion-mnist", paramLabel = "DIR",
            description = "Folder with the Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}).")
    Path images;

    @Option(names = "--validation", defaultValue = "6000", paramLabel = "N",
            description = "Training images held out for validation (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--source", defaultValue = "images", paramLabel = "KIND",
            description = "images (a CNN on Fashion-MNIST) or items (an MLP on title tokens and price of a "
                    + "catalogue) (default: ${DEFAULT-VALUE}).")
    String source;

    @Mixin
    CatalogueOptions catalogue;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
    Path json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        switch (source) {
            case "images" -> images(out);
            case "items" -> items(out);
            default -> throw new IllegalArgumentException("--source must be images or items, got '" + source + "'");
        }
        return 0;
    }

    private void items(PrintWriter out) {
        List<TabularTrainer> learners = catalogue.trainers(List.of("mlp"), Map.of("mlp", Map.of("hidden", "128")));
        learners.add(0, TabularModels.trainer("mlp", Map.of("hidden", "none", "seed", Long.toString(catalogue.seed))));
        Catalogue c = catalogue.load(out);
        CatalogueExperiment.Report r = catalogue.experiment().category(c, catalogue.fingerprint, learners);
        out.println();
        out.println("task:     category from item features (title tokens, token count, log price)");
        out.println("protocol: " + r.protocol());
        Tables t = new Tables().row("model", "val accuracy", "test accuracy", "test macro F1", "train s");
        for (int i = 0; i < r.models().size(); i++) {
            CatalogueExperiment.ModelResult m = r.models().get(i);
            String name = i == 1 ? "softmax-regression (mlp, no hidden layer)" : m.name();
            t.row(name + (m.name().equals(r.baseline()) ? " (baseline)" : ""), m.validation(), m.testAccuracy(),
                    m.testMacroF1(), m.trainSeconds());
        }
        t.print(out);
        CatalogueExperiment.ModelResult best = r.models().get(2);
        out.printf("mlp (hidden %s): test accuracy %.4f vs majority class %.4f (%+.4f) and softmax regression "
                + "%.4f (%+.4f)%n", best.params().get("hidden"), best.testAccuracy(), r.models().get(0).testAccuracy(),
                best.testAccuracy() - r.models().get(0).testAccuracy(), r.models().get(1).testAccuracy(),
                best.testAccuracy() - r.models().get(1).testAccuracy());
        if (json != null) {
            EvaluateCommand.writeJson(json, r);
            out.println("wrote " + json);
        }
    }

    private void images(PrintWriter out) {
        long seed = catalogue.seed;
        Map<String, Map<String, String>> by = PredictData.paramsByLearner(catalogue.params, List.of("cnn", "mlp"));
        by.get("cnn").putIfAbsent("seed", Long.toString(seed));
        by.get("mlp").putIfAbsent("seed", Long.toString(seed));
        by.get("mlp").putIfAbsent("epochs", "30");
        CnnParams cnn = CnnParams.from(by.get("cnn"));
        MlpParams linear = MlpParams.from(by.get("mlp"));
        ImageSet[] sets = Idx.fashionMnist(images);
        out.printf("loaded Fashion-MNIST from %s: %,d training and %,d test images of %dx%d, %d classes%n", images,
                sets[0].size(), sets[1].size(), sets[0].rows(), sets[0].cols(), sets[0].classNames().size());
        ImageCategoryExperiment.Report r = new ImageCategoryExperiment(cnn, linear, validation, seed)
                .run(sets[0], sets[1], "fashion-mnist");
        out.println();
        out.println("task:     category from product image");
        out.println("protocol: " + r.protocol());
        out.printf("threads:  %d PyTorch intra-op threads on %d available processors%n", cnn.threads(),
                Runtime.getRuntime().availableProcessors());
        Tables t = new Tables().row("model", "val accuracy", "test accuracy", "test macro F1", "train s");
        for (ImageCategoryExperiment.ModelResult m : r.models()) {
            t.row(m.name() + (m.name().equals(r.baseline()) ? " (baseline)" : ""), m.validationAccuracy(),
                    m.testAccuracy(), m.testMacroF1(), m.trainSeconds());
        }
        t.print(out);
        ImageCategoryExperiment.ModelResult c = r.models().get(r.models().size() - 1);
        out.printf("cnn: test accuracy %.4f after %s epochs kept (of %d run), trained in %.1f s; %+.4f over "
                + "softmax regression, %+.4f over the majority class%n", c.testAccuracy(), c.params().get("epochsKept"),
                r.cnnEpochs().size(), c.trainSeconds(), c.testAccuracy() - r.models().get(1).testAccuracy(),
                c.testAccuracy() - r.models().get(0).testAccuracy());
        out.println();
        Tables e = new Tables().row("epoch", "train loss", "val accuracy", "seconds");
        for (CnnTrainer.Epoch ep : r.cnnEpochs()) {
            e.row(ep.epoch(), ep.trainLoss(), ep.validationAccuracy(), ep.seconds());
        }
        e.print(out);
        out.printf("visually similar items: of the %d nearest test images of each of %d queries, %.4f share the "
                + "query's class with CNN embeddings vs %.4f with raw pixels%n", r.similarity().k(),
                r.similarity().queries(), r.similarity().embeddingPrecision(), r.similarity().pixelPrecision());
        if (json != null) {
            EvaluateCommand.writeJson(json, r);
            out.println("wrote " + json);
        }
    }
}
