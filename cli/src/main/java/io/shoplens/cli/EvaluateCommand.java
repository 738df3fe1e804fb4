package io.shoplens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.eval.Experiment;
import io.shoplens.core.eval.ExperimentReport;
import io.shoplens.core.eval.Protocol;
import io.shoplens.recommend.Algorithms;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains one model on a split and reports validation and test metrics with their protocol. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Train a model on the train part of a split, evaluate on validation and test, print a table "
                + "and optionally write JSON.")
final class EvaluateCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .findAndRegisterModules();

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--protocol", defaultValue = "loo-sampled-99", paramLabel = "NAME",
            description = "loo-sampled-99 (NCF/SASRec), loo-full, temporal-full, random-full, "
                    + "<split>-sampled-<N>[-pop] (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--model", defaultValue = "popularity", paramLabel = "NAME",
            description = "Model to train; 'shoplens models' lists them (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A hyperparameter; repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--k", split = ",", defaultValue = "5,10,20", paramLabel = "K",
            description = "Cut-offs (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of sampling and splits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads (default: all cores).")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
    Path json;

    @Option(names = "--save-model", paramLabel = "FILE", description = "Save the trained model here.")
    Path saveModel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Protocol p = Protocol.parse(protocol, ks, seed);
        var trainer = Algorithms.trainer(model, params);
        Dataset d = data.load(out);
        Experiment experiment = new Experiment(d, p, threads != null ? threads
                : Runtime.getRuntime().availableProcessors());
        Experiment.Outcome outcome;
        try (Progress bar = Progress.of("evaluate " + model, experiment.split().validation().size()
                + (long) experiment.split().test().size(), "users")) {
            outcome = experiment.run(model, trainer, bar);
        }
        ExperimentReport r = outcome.report();
        print(out, r);
        if (json != null) {
            writeJson(json, r);
            out.println("wrote " + json);
        }
        if (saveModel != null) {
            outcome.model().save(saveModel);
            out.println("saved model to " + saveModel);
        }
        return 0;
    }

    static void print(PrintWriter out, ExperimentReport r) {
        out.println();
        out.println("model:    " + r.model() + " " + r.params());
        out.println("protocol: " + r.protocol().description());
        out.println("split:    " + r.protocol().split() + "; " + r.protocol().validationUsers()
                + " validation users, " + r.protocol().testUsers() + " test users");
        out.printf("data:     %s (%,d users, %,d items, %,d events, sha256 %s...)%n", r.dataset().path(),
                r.dataset().users(), r.dataset().items(), r.dataset().events(), r.dataset().sha256().substring(0, 12));
        Tables t = new Tables().row("metric", "validation", "test");
        for (Map.Entry<String, Double> e : r.test().entrySet()) {
            t.row(e.getKey(), r.validation().get(e.getKey()), e.getValue());
        }
        t.print(out);
        out.printf("train %.2f s, evaluation %.2f s%n", r.trainSeconds(), r.evalSeconds());
    }

    static void writeJson(Path file, Object value) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            JSON.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
