package io.shoplens.cli;

import io.shoplens.predict.catalogue.Catalogue;
import io.shoplens.predict.catalogue.CatalogueExperiment;
import io.shoplens.predict.tabular.TabularTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Item price regression from category, title and attributes. */
@Command(name = "price", mixinStandardHelpOptions = true,
        description = "Price regression from category, title tokens and attributes (XGBoost and MLP, fitted to "
                + "log price) against the median price of the item's category; MAE and MAPE on test.")
final class PredictPrice implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CatalogueOptions catalogue;

    @Option(names = "--learners", split = ",", defaultValue = "xgboost,mlp", paramLabel = "NAME",
            description = "Learners beside the baseline (default: ${DEFAULT-VALUE}).")
    List<String> learners;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
    Path json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<TabularTrainer> trainers = catalogue.trainers(learners, Map.of("mlp", Map.of("hidden", "128,64"),
                "xgboost", Map.of("maxDepth", "6", "eta", "0.05")));
        Catalogue c = catalogue.load(out);
        CatalogueExperiment.Report r = catalogue.experiment().price(c, catalogue.fingerprint, trainers);
        out.println();
        out.println("task:     item price from category, title tokens and attributes");
        out.println("protocol: " + r.protocol());
        Tables t = new Tables().row("model", "val MAE", "test MAE", "test MAPE %", "train s");
        for (CatalogueExperiment.ModelResult m : r.models()) {
            t.row(m.name() + (m.name().equals(r.baseline()) ? " (baseline)" : ""), m.validation(), m.testMae(),
                    m.testMape(), m.trainSeconds());
        }
        t.print(out);
        CatalogueExperiment.ModelResult best = r.models().stream().skip(1)
                .min((a, b) -> Double.compare(a.validation(), b.validation())).orElse(r.models().get(0));
        CatalogueExperiment.ModelResult base = r.model(r.baseline());
        out.printf(Locale.ROOT, "best by validation MAE: %s; test MAE %.2f vs category median %.2f (%.1f%% lower), "
                + "MAPE %.1f%% vs %.1f%%%n", best.name(), best.testMae(), base.testMae(),
                100 * (1 - best.testMae() / base.testMae()), best.testMape(), base.testMape());
        if (json != null) {
            EvaluateCommand.writeJson(json, r);
            out.println("wrote " + json);
        }
        return 0;
    }
}
