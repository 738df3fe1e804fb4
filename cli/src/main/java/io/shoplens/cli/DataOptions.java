package io.shoplens.cli;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.io.LoadReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that reads a behaviour log shares. */
final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Behaviour log, plain or .gz.")
    Path data;

    @Option(names = "--format", defaultValue = "taobao", paramLabel = "NAME",
            description = "Format of --data: taobao, retailrocket, online-retail, sasrec, movielens, shoplens "
                    + "(default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--items", paramLabel = "FILE", description = "Item catalogue CSV (item,category,price,title,image).")
    Path items;

    @Option(names = "--users", paramLabel = "FILE", description = "User attributes CSV (user,age_band,gender,region).")
    Path users;

    @Option(names = "--max-bad-ratio", paramLabel = "R",
            description = "Largest share of rejected rows in [0,1] before loading fails (default: per format, 0.01 "
                    + "for most).")
    Double maxBadRatio;

    @Option(names = "--quarantine", defaultValue = "out/quarantine", paramLabel = "DIR",
            description = "Where rejected rows are written (default: ${DEFAULT-VALUE}).")
    Path quarantine;

    /** Loads the data set and prints one line per file read. */
    Dataset load(PrintWriter out) {
        LoadOptions options = LoadOptions.defaults(quarantine);
        if (maxBadRatio != null) {
            options = options.withMaxBadRatio(maxBadRatio);
        }
        Dataset d = DatasetLoader.load(new DatasetLoader.Source(data, EventFormat.parse(format), items, users),
                options);
        for (LoadReport r : d.reports()) {
            out.println("loaded " + r.summary());
        }
        return d;
    }
}
