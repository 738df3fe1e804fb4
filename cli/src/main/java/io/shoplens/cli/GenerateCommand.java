package io.shoplens.cli;

import io.shoplens.core.data.DataException;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a synthetic Taobao-style behaviour log with catalogue, users and the planted truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a realistic synthetic behaviour log in the Taobao UserBehavior layout (Zipfian "
                + "popularity, sessions, diurnal rhythm, planted taste groups), plus items, users and truth CSVs "
                + "beside it. Defaults match the full Taobao set.")
final class GenerateCommand implements Callable<Integer> {
    private static final GeneratorConfig TAOBAO = GeneratorConfig.taobaoScale();

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Events (default: 100,000,000).")
    Long events;

    @Option(names = "--users", paramLabel = "N", description = "Users (default: 987,994).")
    Integer users;

    @Option(names = "--items", paramLabel = "N", description = "Items (default: 4,162,024).")
    Integer items;

    @Option(names = "--categories", paramLabel = "N", description = "Categories (default: 9,439).")
    Integer categories;

    @Option(names = "--days", paramLabel = "N", description = "Days from 2017-11-25 Beijing time (default: 9).")
    Integer days;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Events file; .gz compresses. Items, users and truth go beside it.")
    Path out;

    @Option(names = "--parquet", description = "Also write the events as canonical Parquet (<base>.parquet, DuckDB "
            + "COPY) for 'shoplens analyze' and Spark.")
    boolean parquet;

    @Override
    public Integer call() {
        PrintWriter con = spec.commandLine().getOut();
        GeneratorConfig cfg = GeneratorConfig.small(
                events != null ? events : TAOBAO.events(), users != null ? users : TAOBAO.users(),
                items != null ? items : TAOBAO.items(), categories != null ? categories : TAOBAO.categories(),
                days != null ? days : TAOBAO.days(), seed);
        String base = out.getFileName().toString().replaceFirst("(\\.csv)?(\\.gz)?$", "");
        Path dir = out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException("cannot create the output folder " + dir + ": "
                    + e.getMessage(), e);
        }
        Path itemsFile = dir.resolve(base + "-items.csv");
        Path usersFile = dir.resolve(base + "-users.csv");
        Path truthFile = dir.resolve(base + "-truth.csv");
        var result = generate(cfg, out, itemsFile, usersFile, truthFile);
        con.printf("wrote %,d events in %.1f s (%,.0f events/s) to %s%n", result.events(), result.seconds(),
                result.events() / Math.max(1e-9, result.seconds()), out);
        con.println("items: " + itemsFile + "; users: " + usersFile + "; planted truth: " + truthFile);
        if (parquet) {
            Path pq = dir.resolve(base + ".parquet");
            long t0 = System.nanoTime();
            long rows = io.shoplens.analytics.EventIngest.generatedLogToParquet(out, pq);
            con.printf("wrote %,d events as Parquet in %.1f s to %s%n", rows, (System.nanoTime() - t0) / 1e9, pq);
        }
        return 0;
    }

    static io.shoplens.core.synth.GenerationResult generate(GeneratorConfig cfg, Path events, Path items,
                                                            Path users, Path truth) {
        try (Progress bar = Progress.of("generate", cfg.events(), "events")) {
            return new SyntheticLogGenerator().generate(cfg, events, items, users, truth, bar);
        } catch (IOException e) {
            throw new DataException("cannot write the generated log to " + events + ": " + e.getMessage(), e);
        }
    }
}
