package io.shoplens.cli;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.precomputed.PrecomputedModel;
import io.shoplens.recommend.precomputed.PrecomputedParams;
import io.shoplens.recommend.precomputed.PrecomputedTrainer;
import io.shoplens.spark.SparkSessions;
import io.shoplens.spark.recommend.SparkAlsParams;
import io.shoplens.spark.recommend.SparkRecommendJob;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Jobs for shops larger than one machine, run on a Spark cluster (or locally with {@code --master local[*]}). */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = "Jobs for shops larger than one machine, on a Spark cluster.",
        subcommands = {SparkCommand.Recommend.class, CommandLine.HelpCommand.class})
final class SparkCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code shoplens spark recommend}: {@link SparkRecommendJob}, optionally imported as a served model. */
    @Command(name = "recommend", mixinStandardHelpOptions = true,
            description = "Train Spark ALS (implicit) on a behaviour log and write every user's top-K (seen items "
                    + "removed) and item neighbours (ALS cosine and co-occurrence ItemKNN) as Parquet; "
                    + "--save-model turns them into a 'precomputed' model that 'shoplens serve' answers from.")
    static final class Recommend implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "URI",
                description = "Behaviour log: Taobao layout .csv/.csv.gz or canonical Parquet; a local path or any "
                        + "Hadoop URI every executor reaches (hdfs://, s3a://).")
        String data;

        @Option(names = "--out", required = true, paramLabel = "URI",
                description = "Where the tables user-recs, item-neighbours-als, item-neighbours-cooc and meta go "
                        + "(replaced).")
        String out;

        @Option(names = "--master", defaultValue = SparkSessions.DEFAULT_MASTER, paramLabel = "URL",
                description = "Spark master: local[N], spark://host:7077, yarn... (default: ${DEFAULT-VALUE}).")
        String master;

        @Option(names = "--k", defaultValue = "100", paramLabel = "N",
                description = "Items per user (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--neighbours", defaultValue = "50", paramLabel = "N",
                description = "Neighbours per item (default: ${DEFAULT-VALUE}).")
        int neighbours;

        @Option(names = "--overfetch", defaultValue = "500", paramLabel = "N",
                description = "Extra items fetched per user to replace seen ones (default: ${DEFAULT-VALUE}).")
        int overfetch;

        @Option(names = "--max-history", defaultValue = "200", paramLabel = "N",
                description = "A user's latest items that count for co-occurrence (default: ${DEFAULT-VALUE}).")
        int maxHistory;

        @Option(names = "--param", paramLabel = "KEY=VALUE",
                description = "A spark-als hyperparameter (rank, iterations, lambda, alpha, seed, blocks, weight.*, "
                        + "sumRepeats); repeatable.")
        Map<String, String> params = new LinkedHashMap<>();

        @Option(names = "--save-model", paramLabel = "FILE",
                description = "Also import the lists as a 'precomputed' model (e.g. models/spark.model), mapped "
                        + "onto the ids of --model-data; lists on HDFS are first copied to FILE.lists/.")
        Path saveModel;

        @Option(names = "--model-data", paramLabel = "FILE",
                description = "The local log 'serve' will serve the model with (default: --data when local).")
        Path modelData;

        @Option(names = "--format", defaultValue = "taobao", paramLabel = "NAME",
                description = "Format of --model-data (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--similar", defaultValue = PrecomputedParams.COOC, paramLabel = "cooc|als",
                description = "Neighbour table of the saved model (default: ${DEFAULT-VALUE}).")
        String similar;

        @Option(names = "--quarantine", defaultValue = "out/quarantine", paramLabel = "DIR",
                description = "Where rejected rows of --model-data go (default: ${DEFAULT-VALUE}).")
        Path quarantine;

        @Override
        public Integer call() {
            PrintWriter con = spec.commandLine().getOut();
            Map<String, String> p = new LinkedHashMap<>(params);
            p.put("master", master);
            SparkRecommendJob.Options o = new SparkRecommendJob.Options(data, out, k, neighbours, overfetch,
                    maxHistory, SparkAlsParams.from(p));
            Path local = saveModel == null ? null : modelData != null ? modelData : localData();
            if (!similar.equals(PrecomputedParams.COOC) && !similar.equals(PrecomputedParams.ALS)) {
                throw new IllegalArgumentException("--similar must be cooc or als, got " + similar);
            }
            SparkSession spark = SparkSessions.getOrCreate(master);
            Path lists;
            try {
                SparkRecommendJob.Result r = SparkRecommendJob.run(spark, o);
                con.printf(Locale.ROOT, "spark recommend: %,d events, %,d user-item pairs, %,d user lists (%,d "
                                + "shorter than %d), neighbours of %,d items in %.1f s on %s; wrote %s%n", r.events(),
                        r.pairs(), r.users(), r.shortLists(), k, r.items(), r.seconds(), master, out);
                lists = saveModel == null ? null : SparkRecommendJob.localCopy(spark, out,
                        Path.of(saveModel + ".lists"));
            } finally {
                SparkSessions.stop();
            }
            if (saveModel != null) {
                DataOptions d = new DataOptions();
                d.data = local;
                d.format = format;
                d.quarantine = quarantine;
                Dataset ds = d.load(con);
                PrecomputedModel m = new PrecomputedTrainer(new PrecomputedParams(lists.toString(), similar))
                        .train(new TrainingData(ds.events(), ds.catalog(), ds.sha256()));
                m.save(saveModel);
                con.println("saved precomputed model of " + ds.events().numUsers() + " users to " + saveModel
                        + " (serve it with 'shoplens serve --data " + local + " --models " + saveModel.getParent()
                        + "')");
            }
            return 0;
        }

        private Path localData() {
            URI uri = URI.create(data);
            if (uri.getScheme() == null) {
                return Path.of(data);
            }
            if (uri.getScheme().equals("file")) {
                return Path.of(uri);
            }
            throw new IllegalArgumentException("--save-model needs the log on local disk to map ids: --data " + data
                    + " is not local, so give --model-data FILE");
        }
    }
}
