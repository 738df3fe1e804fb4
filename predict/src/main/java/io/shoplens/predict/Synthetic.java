package io.shoplens.predict;

import io.shoplens.core.data.DataException;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated behaviour logs for the prediction tasks: writes a log with the core generator (and its item
 * catalogue) into a folder and loads it, so experiments and tests run without any real data.
 */
public final class Synthetic {
    private Synthetic() {
    }

    /**
     * Generates {@code cfg} into {@code dir} (events.csv and items.csv, reused when already there for the same
     * configuration) and loads both.
     */
    public static Dataset load(GeneratorConfig cfg, Path dir) {
        String stem = "synth-" + Integer.toHexString(cfg.hashCode());
        Path events = dir.resolve(stem + "-events.csv.gz");
        Path items = dir.resolve(stem + "-items.csv");
        try {
            Files.createDirectories(dir);
            if (!Files.isRegularFile(events) || !Files.isRegularFile(items)) {
                new SyntheticLogGenerator(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
                        .generate(cfg, events, items, null, null, null);
            }
        } catch (IOException e) {
            throw new DataException("cannot generate a synthetic log in " + dir + ": " + e.getMessage(), e);
        }
        return DatasetLoader.load(new DatasetLoader.Source(events, EventFormat.TAOBAO, items, null),
                LoadOptions.defaults(dir.resolve("quarantine")));
    }

    /** A one-line description of {@code cfg} for reports. */
    public static String describe(GeneratorConfig cfg) {
        return String.format(java.util.Locale.ROOT, "synthetic log: %,d events, %,d users, %,d items, %,d categories,"
                + " %d days, seed %d", cfg.events(), cfg.users(), cfg.items(), cfg.categories(), cfg.days(),
                cfg.seed());
    }
}
