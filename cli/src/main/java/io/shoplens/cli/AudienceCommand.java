package io.shoplens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoplens.analytics.AnalyticsInput;
import io.shoplens.analytics.EventIngest;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.predict.tabular.GbtParams;
import io.shoplens.profile.Pseudonymizer;
import io.shoplens.profile.audience.AudienceConfig;
import io.shoplens.profile.audience.Campaign;
import io.shoplens.profile.audience.AudienceExperiment;
import io.shoplens.profile.audience.AudienceReport;
import io.shoplens.profile.audience.ParquetStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Ad audiences for a campaign (a category or items), with lift against popularity and random targeting on a held-out period. */
@Command(name = "audience", mixinStandardHelpOptions = true,
        description = "Ad audience for a campaign (a category or items): ranks users by purchase propensity (XGBoost) and by "
                + "lookalike similarity to past buyers; prints lift@budget of both against popularity (most active) "
                + "and random targeting on a held-out period, and writes the audiences scored at the log's end "
                + "(pseudonymised ids) with audience.json into --out.")
final class AudienceCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--events", required = true, paramLabel = "FILE",
            description = "Behaviour log: plain or .gz text in --format, or canonical .parquet.")
    Path events;

    @Option(names = "--format", defaultValue = "taobao", paramLabel = "NAME",
            description = "Format of a text log (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--items", paramLabel = "FILE", description = "Item catalogue CSV: the price level feature.")
    Path items;

    @Option(names = "--category", paramLabel = "ID", description = "The campaign's category id.")
    String category;

    @Option(names = "--campaign-items", split = ",", paramLabel = "ID",
            description = "The campaign's item ids, comma-separated (instead of --category).")
    List<String> campaignItems;

    @Option(names = "--budget", required = true, split = ",", paramLabel = "N",
            description = "Audience size(s) in users, comma-separated; the first is the exported audiences' size.")
    List<Integer> budgets;

    @Option(names = "--horizon", defaultValue = "2d", paramLabel = "DURATION",
            description = "Conversion window after the cut-off, e.g. 12h, 2d (default: ${DEFAULT-VALUE}).")
    String horizon;

    @Option(names = "--train-cutoffs", defaultValue = "1", paramLabel = "N",
            description = "Training cut-offs of the propensity model (default: ${DEFAULT-VALUE}).")
    int trainCutoffs;

    @Option(names = "--utc-offset", defaultValue = "8", paramLabel = "H",
            description = "Shop time zone, hours east of UTC (default: ${DEFAULT-VALUE}).")
    int utcOffset;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of random targeting and XGBoost "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "XGBoost parameter of the propensity model (rounds, maxDepth, eta, ...); repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--pseudonym-key-file", paramLabel = "FILE",
            description = "Secret key for HMAC-SHA256 pseudonyms of exported ids; else env " + Pseudonymizer.ENV + ".")
    Path keyFile;

    @Option(names = "--no-pseudonymise", description = "Export raw user ids (only when no key is configured).")
    boolean noPseudonymise;

    @Option(names = "--quarantine", defaultValue = "out/quarantine", paramLabel = "DIR",
            description = "Where rejected rows are written (default: ${DEFAULT-VALUE}).")
    Path quarantine;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter con = spec.commandLine().getOut();
        Pseudonymizer pseudonymizer = ProfileCommand.pseudonymizer(keyFile, noPseudonymise);
        Map<String, String> gbt = new LinkedHashMap<>(params);
        gbt.putIfAbsent("seed", Long.toString(seed));
        if ((category == null) == (campaignItems == null)) {
            throw new IllegalArgumentException("give the campaign as --category ID or as --campaign-items ID,ID,...");
        }
        Campaign campaign = category != null ? Campaign.ofCategory(category) : Campaign.ofItems(campaignItems);
        AudienceConfig cfg = new AudienceConfig(campaign, budgets, PredictData.seconds(horizon), null, trainCutoffs,
                utcOffset, seed, GbtParams.from(gbt));
        AnalyticsInput input = EventIngest.ingest(new EventIngest.Source(events, EventFormat.parse(format), items),
                LoadOptions.defaults(quarantine), out.resolve("input"));
        InteractionStore store = ParquetStore.load(input.events());
        AudienceExperiment e = new AudienceExperiment(cfg);
        AudienceReport r = e.evaluate(input, store, out.resolve("input"));
        con.println(r.protocol());
        con.printf(Locale.ROOT, "%-11s %8s %11s %8s %7s%n", "strategy", "budget", "converters", "rate", "lift");
        for (AudienceReport.Result x : r.results()) {
            con.printf(Locale.ROOT, "%-11s %8d %11d %8.4f %7.2f%n", x.strategy(), x.budget(), x.converters(),
                    x.rate(), x.lift());
        }
        AudienceExperiment.Scores now = e.deploy(input, store, out.resolve("input"));
        for (String s : List.of("propensity", "lookalike")) {
            e.writeAudience(now, s, budgets.get(0), pseudonymizer, out.resolve("audience-" + s + ".csv"));
        }
        write(r, out.resolve("audience.json"), pseudonymizer != null);
        con.printf(Locale.ROOT, "wrote audience-propensity.csv and audience-lookalike.csv (%d users each, scored at "
                + "the log's end, ids %s) and audience.json to %s%n", Math.min(budgets.get(0), now.userIds().length),
                pseudonymizer != null ? "pseudonymised" : "raw", out);
        return 0;
    }

    private static void write(AudienceReport r, Path file, boolean pseudonymised) {
        ObjectNode root = JSON.createObjectNode();
        root.put("protocol", r.protocol());
        root.put("campaign", r.campaign());
        root.put("cutoffEpochSecond", r.cutoff());
        root.put("horizonSeconds", r.horizonSeconds());
        root.put("population", r.population());
        root.put("converters", r.converters());
        root.put("baseRate", r.baseRate());
        root.put("seeds", r.seeds());
        root.put("propensityValidationAuc", r.validationAuc());
        root.put("pseudonymisedIds", pseudonymised);
        ArrayNode rows = root.putArray("results");
        for (AudienceReport.Result x : r.results()) {
            rows.addObject().put("strategy", x.strategy()).put("budget", x.budget()).put("converters", x.converters())
                    .put("rate", x.rate()).put("lift", x.lift());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), root);
        } catch (IOException ex) {
            throw new DataException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }
}
