package io.shoplens.cli;

import io.shoplens.core.io.LoadOptions;
import io.shoplens.predict.catalogue.Catalogue;
import io.shoplens.predict.catalogue.CatalogueGenerator;
import io.shoplens.predict.catalogue.CatalogueExperiment;
import io.shoplens.predict.tabular.TabularModels;
import io.shoplens.predict.tabular.TabularTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** An item catalogue for category and price tasks: a file, or a seeded generated catalogue. */
final class CatalogueOptions {
    @Option(names = "--items", paramLabel = "FILE", description = "Item catalogue CSV (item,category,price,title,"
            + "image); without it a seeded catalogue is generated.")
    Path items;

    @Option(names = "--gen-items", defaultValue = "20000", paramLabel = "N",
            description = "Generated catalogue: items (default: ${DEFAULT-VALUE}).")
    int genItems;

    @Option(names = "--gen-categories", defaultValue = "50", paramLabel = "N",
            description = "Generated catalogue: categories (default: ${DEFAULT-VALUE}).")
    int genCategories;

    @Option(names = "--gen-seed", defaultValue = "1", paramLabel = "N",
            description = "Generated catalogue: seed (default: ${DEFAULT-VALUE}).")
    long genSeed;

    @Option(names = "--quarantine", defaultValue = "out/quarantine", paramLabel = "DIR",
            description = "Where rejected catalogue rows are written (default: ${DEFAULT-VALUE}).")
    Path quarantine;

    @Option(names = "--param", paramLabel = "LEARNER.KEY=VALUE", description = "A learner hyperparameter, e.g. "
            + "mlp.hidden=256; repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and the learners (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    String fingerprint;

    Catalogue load(PrintWriter out) {
        if (items == null) {
            fingerprint = String.format(Locale.ROOT, "generated catalogue: %,d items, %d categories, seed %d",
                    genItems, genCategories, genSeed);
            out.println("data: " + fingerprint);
            return CatalogueGenerator.generate(genItems, genCategories, genSeed);
        }
        int[] skipped = new int[1];
        Catalogue c = Catalogue.read(items, LoadOptions.defaults(quarantine), skipped);
        fingerprint = "catalogue " + items;
        out.printf("loaded %s: %,d items with category, price and title; %,d skipped for lacking one%n", items,
                c.size(), skipped[0]);
        return c;
    }

    CatalogueExperiment experiment() {
        return new CatalogueExperiment(0.15, 0.15, 2, 3000, seed);
    }

    /** Trainers for {@code names} with this command's parameters and seed. */
    List<TabularTrainer> trainers(List<String> names, Map<String, Map<String, String>> defaults) {
        Map<String, Map<String, String>> by = PredictData.paramsByLearner(params, names);
        List<TabularTrainer> out = new ArrayList<>();
        for (String n : names) {
            Map<String, String> p = new LinkedHashMap<>(defaults.getOrDefault(n, Map.of()));
            p.putAll(by.get(n));
            if (n.equals("mlp") || n.equals("xgboost")) {
                p.putIfAbsent("seed", Long.toString(seed));
            }
            out.add(TabularModels.trainer(n, p));
        }
        return out;
    }
}
