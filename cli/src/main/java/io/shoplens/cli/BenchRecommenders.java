package io.shoplens.cli;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.core.model.Trainer;
import io.shoplens.recommend.Algorithms;
import io.shoplens.spark.SparkSessions;
import io.shoplens.spark.recommend.SparkAlsParams;
import io.shoplens.spark.recommend.SparkAlsTrainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Our implicit ALS against Spark MLlib's ALS at equal settings on the same split, in the same run, plus an
 * optional leaderboard of every registered model at its defaults.
 */
@Command(name = "recommenders", mixinStandardHelpOptions = true,
        description = "Train Shoplens' ials and Spark MLlib ALS (implicitPrefs) with the same rank, regularisation "
                + "(ALS-WR scaling), iterations and alpha on the same split; print quality and training time side "
                + "by side with the speed ratio. --all adds every registered model at its defaults.")
final class BenchRecommenders implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--protocol", split = ",", defaultValue = "loo-sampled-99,loo-full", paramLabel = "NAME",
            description = "Protocols (default: ${DEFAULT-VALUE}).")
    List<String> protocols;

    @Option(names = "--rank", defaultValue = "64", description = "Factors (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--iterations", defaultValue = "15", description = "ALS sweeps (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--lambda", defaultValue = "0.1",
            description = "Regularisation, scaled by each user's/item's count as Spark does (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--alpha", defaultValue = "10", description = "Confidence slope (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for ours and evaluation (default: cores).")
    Integer threads;

    @Option(names = "--all", description = "Also evaluate every registered model at its defaults.")
    boolean all;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every report as JSON.")
    Path json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Dataset d = data.load(out);
        long t0 = System.nanoTime();
        SparkSession session = SparkSessions.getOrCreate(master);
        out.printf("Spark %s session on %s started in %.1f s (not counted in training time)%n", session.version(),
                master, (System.nanoTime() - t0) / 1e9);
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("rank", Integer.toString(rank));
        shared.put("iterations", Integer.toString(iterations));
        shared.put("lambda", Double.toString(lambda));
        shared.put("alpha", Double.toString(alpha));
        Map<String, String> ours = new LinkedHashMap<>(shared);
        ours.put("scaleRegByCount", "true");
        ours.put("halfLifeEvents", "0");
        ours.put("threads", Integer.toString(n));
        Map<String, String> oursExact = new LinkedHashMap<>(ours);
        oursExact.put("solver", "cholesky");
        Map<String, String> spark = new LinkedHashMap<>(shared);
        spark.put("master", master);
        List<ExperimentReport> reports = new ArrayList<>();
        for (String name : protocols) {
            Experiment e = new Experiment(d, Protocol.parse(name), n);
            out.println();
            out.println("protocol " + e.protocol().describe());
            out.println("settings rank=" + rank + " iterations=" + iterations + " lambda=" + lambda
                    + " (x count, ALS-WR) alpha=" + alpha);
            Tables t = new Tables().row("model", "valid HR@10", "valid NDCG@10", "test HR@10", "test NDCG@10",
                    "train s");
            ExperimentReport cg = run(e, "ials (cg)", Algorithms.trainer("ials", ours), t, reports);
            ExperimentReport exact = run(e, "ials (cholesky)", Algorithms.trainer("ials", oursExact), t, reports);
            ExperimentReport peer = run(e, "spark-als", new SparkAlsTrainer(SparkAlsParams.from(spark), session), t,
                    reports);
            if (all) {
                for (String model : Algorithms.names()) {
                    run(e, model + " (defaults)", Algorithms.trainer(model, Map.of()), t, reports);
                }
            }
            t.print(out);
            out.printf("speed: spark-als / ials (cg) = %.1fx, spark-als / ials (cholesky) = %.1fx training time%n",
                    peer.trainSeconds() / cg.trainSeconds(), peer.trainSeconds() / exact.trainSeconds());
            out.printf("quality: test NDCG@10 ials (cg) %+.4f, ials (cholesky) %+.4f vs spark-als%n",
                    cg.test().get("NDCG@10") - peer.test().get("NDCG@10"),
                    exact.test().get("NDCG@10") - peer.test().get("NDCG@10"));
        }
        if (json != null) {
            EvaluateCommand.writeJson(json, reports);
            out.println("wrote " + json);
        }
        return 0;
    }

    private static ExperimentReport run(Experiment e, String label, Trainer<?> trainer, Tables t,
                                        List<ExperimentReport> reports) {
        ExperimentReport r = e.run(label, trainer, null).report();
        reports.add(r);
        t.row(label, r.validation().get("HR@10"), r.validation().get("NDCG@10"), r.test().get("HR@10"),
                r.test().get("NDCG@10"), r.trainSeconds());
        return r;
    }
}
