package io.shoplens.cli;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.eval.Tuner;
import io.shoplens.recommend.Algorithms;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Hyperparameter search on the validation part; the winner alone is then evaluated on test. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Search hyperparameters on the validation part of a split (grid or seeded random search), "
                + "then train the best setting and report it on validation and test. Test numbers never steer the "
                + "search.")
final class TuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--protocol", defaultValue = "loo-sampled-99", paramLabel = "NAME",
            description = "Evaluation protocol (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model to tune.")
    String model;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2,...", required = true,
            description = "Candidate values of one hyperparameter; repeatable.")
    Map<String, String> grid = new LinkedHashMap<>();

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A fixed hyperparameter; repeatable.")
    Map<String, String> fixed = new LinkedHashMap<>();

    @Option(names = "--trials", defaultValue = "0", paramLabel = "N",
            description = "Random search over N combinations; 0 = full grid (default).")
    int trials;

    @Option(names = "--metric", defaultValue = "NDCG@10", description = "Validation metric to maximise (default: "
            + "${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of sampling, splits and random search.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores).")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Write trials and the final report as JSON.")
    Path json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Protocol p = Protocol.parse(protocol, Protocol.DEFAULT_KS, seed);
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        grid.forEach((k, v) -> candidates.put(k, Arrays.stream(v.split(",")).map(String::trim).toList()));
        Algorithms.trainer(model, fixed);
        Dataset d = data.load(out);
        Experiment experiment = new Experiment(d, p, threads != null ? threads
                : Runtime.getRuntime().availableProcessors());
        Tuner tuner = new Tuner(experiment, metric);
        List<Tuner.Trial> results = tuner.search(candidates, fixed, params -> Algorithms.trainer(model, params),
                trials, seed);
        Tables t = new Tables().row("params", "validation " + metric, "seconds");
        for (Tuner.Trial trial : results) {
            t.row(trial.params(), trial.validation(), trial.seconds());
        }
        out.println("protocol " + p.describe() + " — validation part only");
        t.print(out);
        Map<String, String> best = results.get(0).params();
        out.println("best on validation: " + best + "; evaluating it once on test:");
        ExperimentReport report = experiment.run(model, Algorithms.trainer(model, best), null).report();
        EvaluateCommand.print(out, report);
        if (json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("metric", metric);
            doc.put("trials", results);
            doc.put("best", report);
            EvaluateCommand.writeJson(json, doc);
            out.println("wrote " + json);
        }
        return 0;
    }
}
