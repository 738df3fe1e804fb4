package io.shoplens.cli;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.io.LoadReport;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.predict.Synthetic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** A behaviour log for a prediction task: a file, or a seeded generated log when no file is given. */
final class PredictData {
    @Option(names = "--data", paramLabel = "FILE",
            description = "Behaviour log, plain or .gz; without it a seeded synthetic log is generated.")
    Path data;

    @Option(names = "--format", defaultValue = "taobao", paramLabel = "NAME",
            description = "Format of --data (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--items", paramLabel = "FILE", description = "Item catalogue CSV (item,category,price,title,image).")
    Path items;

    @Option(names = "--max-bad-ratio", paramLabel = "R", description = "Largest share of rejected rows in [0,1].")
    Double maxBadRatio;

    @Option(names = "--quarantine", defaultValue = "out/quarantine", paramLabel = "DIR",
            description = "Where rejected rows are written (default: ${DEFAULT-VALUE}).")
    Path quarantine;

    @Option(names = "--gen-events", paramLabel = "N",
            description = "Generated log: events (default: 1,000,000, or 3,000,000 for forecast).")
    Long genEvents;

    @Option(names = "--gen-users", defaultValue = "20000", paramLabel = "N",
            description = "Generated log: users (default: ${DEFAULT-VALUE}).")
    int genUsers;

    @Option(names = "--gen-items", defaultValue = "20000", paramLabel = "N",
            description = "Generated log: items (default: ${DEFAULT-VALUE}).")
    int genItems;

    @Option(names = "--gen-categories", defaultValue = "200", paramLabel = "N",
            description = "Generated log: categories (default: ${DEFAULT-VALUE}).")
    int genCategories;

    @Option(names = "--gen-days", paramLabel = "N",
            description = "Generated log: days from 2017-11-25 Beijing time (default: 9, or 150 for forecast).")
    Integer genDays;

    /** Events and days of the generated log when not given. */
    private long defaultEvents = 1_000_000;
    private int defaultDays = 9;

    /** Sets the generated log's size when the user gave none. */
    PredictData defaults(long events, int days) {
        defaultEvents = events;
        defaultDays = days;
        return this;
    }

    @Option(names = "--gen-seed", defaultValue = "1", paramLabel = "N",
            description = "Generated log: seed (default: ${DEFAULT-VALUE}).")
    long genSeed;

    @Option(names = "--gen-dir", defaultValue = "out/predict/gen", paramLabel = "DIR",
            description = "Where generated logs are kept between runs (default: ${DEFAULT-VALUE}).")
    Path genDir;

    /** The data set, and one line per file read. */
    Dataset load(PrintWriter out) {
        Dataset d;
        if (data == null) {
            GeneratorConfig cfg = generatorConfig();
            out.println("data: " + Synthetic.describe(cfg));
            d = Synthetic.load(cfg, genDir);
        } else {
            LoadOptions options = LoadOptions.defaults(quarantine);
            if (maxBadRatio != null) {
                options = options.withMaxBadRatio(maxBadRatio);
            }
            d = DatasetLoader.load(new DatasetLoader.Source(data, EventFormat.parse(format), items, null), options);
        }
        for (LoadReport r : d.reports()) {
            out.println("loaded " + r.summary());
        }
        return d;
    }

    GeneratorConfig generatorConfig() {
        return GeneratorConfig.small(genEvents != null ? genEvents : defaultEvents, genUsers, genItems, genCategories,
                genDays != null ? genDays : defaultDays, genSeed);
    }

    /** Identifies the data in reports: the file's SHA-256, or the generator's settings. */
    String fingerprint(Dataset d) {
        return data == null ? Synthetic.describe(generatorConfig()) : d.sha256();
    }

    /** A duration such as {@code 20m}, {@code 2h}, {@code 1d} or plain seconds, in seconds. */
    static long seconds(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("d")) {
            unit = 86_400;
        } else if (t.endsWith("h")) {
            unit = 3_600;
        } else if (t.endsWith("m")) {
            unit = 60;
        } else if (t.endsWith("s")) {
            unit = 1;
        }
        String number = Character.isDigit(t.charAt(t.length() - 1)) ? t : t.substring(0, t.length() - 1);
        try {
            double v = Double.parseDouble(number);
            if (!(v > 0)) {
                throw new IllegalArgumentException("duration '" + text + "' must be positive");
            }
            return Math.round(v * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' is not like 20m, 2h, 1d or 3600");
        }
    }

    /** Splits {@code learner.key=value} parameters by learner; fails on a learner not in {@code learners}. */
    static Map<String, Map<String, String>> paramsByLearner(Map<String, String> given, List<String> learners) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String l : learners) {
            out.put(l, new LinkedHashMap<>());
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            int dot = e.getKey().indexOf('.');
            String learner = dot < 0 ? "" : e.getKey().substring(0, dot);
            if (!out.containsKey(learner)) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' must be <learner>.<key> with a "
                        + "learner among " + learners);
            }
            out.get(learner).put(e.getKey().substring(dot + 1), e.getValue());
        }
        return out;
    }
}
