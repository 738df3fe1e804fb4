package io.shoplens.cli;

import io.shoplens.core.io.EventFormat;
import io.shoplens.serve.ApiKeys;
import io.shoplens.serve.FactorIndex;
import io.shoplens.serve.Role;
import io.shoplens.serve.ServeOptions;
import io.shoplens.serve.ShoplensServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the HTTP service, or makes an API key. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve recommendations, live event ingestion, analytics and the dashboard over HTTP "
                + "(see serve/README.md), or make an API key with --make-key NAME ROLE.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--make-key", arity = "2", paramLabel = "NAME ROLE",
            description = "Print a new random key for NAME with ROLE (read, ingest, admin) and its keys-file line, "
                    + "then exit.")
    List<String> makeKey;

    @Option(names = "--data", paramLabel = "FILE", description = "The behaviour log the models were trained on.")
    Path data;

    @Option(names = "--format", defaultValue = "taobao", paramLabel = "NAME",
            description = "Format of --data (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--items", paramLabel = "FILE", description = "Item catalogue CSV.")
    Path items;

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of *.model files (evaluate --save-model).")
    Path models;

    @Option(names = "--keys", paramLabel = "FILE", description = "Keys file: lines 'name role sha256hex'.")
    Path keys;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--work", defaultValue = "out/serve", paramLabel = "DIR",
            description = "Working folder: journal and validated analytics input (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--journal", paramLabel = "FILE", description = "Event journal (default: WORK/events.journal).")
    Path journal;

    @Option(names = "--default-model", paramLabel = "NAME", description = "Model used when a request names none.")
    String defaultModel;

    @Option(names = "--retrain-every", paramLabel = "DURATION",
            description = "Retrain every model on the log plus the journal this often (90s, 15m, 2h, 1d).")
    String retrainEvery;

    @Option(names = "--rate-limit", defaultValue = "20000", paramLabel = "RPS",
            description = "Requests per second per key (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--burst", defaultValue = "40000", description = "Burst per key (default: ${DEFAULT-VALUE}).")
    double burst;

    @Option(names = "--max-body-bytes", defaultValue = "1048576",
            description = "Largest request body (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--no-analytics", description = "Do not run the analytics report at start.")
    boolean noAnalytics;

    @Option(names = "--leaderboard", paramLabel = "FILE", description = "evaluate --json output to show.")
    List<Path> leaderboard = new ArrayList<>();

    @Option(names = "--utc-offset", paramLabel = "H", description = "Shop time zone (default 8 for taobao, else 0).")
    Integer utcOffset;

    @Option(names = "--quarantine", defaultValue = "out/quarantine", paramLabel = "DIR",
            description = "Where rejected rows of --data go (default: ${DEFAULT-VALUE}).")
    Path quarantine;

    @Option(names = "--no-profiles", description = "Do not serve profiles, segments, audiences and propensity.")
    boolean noProfiles;

    @Option(names = "--profiles", paramLabel = "DIR",
            description = "Load profiles and segments from this 'shoplens profile --no-pseudonymise' output over "
                    + "--data instead of computing them at start.")
    Path profiles;

    @Option(names = "--min-cell", defaultValue = "" + ServeOptions.MIN_CELL, paramLabel = "K",
            description = "Suppress segments with fewer than K users (default: ${DEFAULT-VALUE}).")
    int minCell;

    @Option(names = "--propensity-horizon", defaultValue = "1d", paramLabel = "DURATION",
            description = "Purchase propensity: P(buys within this after the log's end) (default: ${DEFAULT-VALUE}).")
    String propensityHorizon;

    @Option(names = "--audience-horizon", defaultValue = "2d", paramLabel = "DURATION",
            description = "Audiences: conversion window after the cut-off (default: ${DEFAULT-VALUE}).")
    String audienceHorizon;

    @Option(names = "--ann", defaultValue = "auto", paramLabel = "MODE",
            description = "Serve dot-product models (ials, bpr, ...) through a jvector ANN index: auto (when items x "
                    + "rank >= " + io.shoplens.serve.FactorIndex.AUTO_MIN_WORK + "), on or off (default: "
                    + "${DEFAULT-VALUE}).")
    String ann;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (makeKey != null) {
            ApiKeys.NewKey k = ApiKeys.newKey(makeKey.get(0), Role.parse(makeKey.get(1)));
            out.println("key:  " + k.key());
            out.println("line: " + k.line());
            out.println("(add the line to your keys file; the key is shown only now)");
            return 0;
        }
        if (data == null || models == null || keys == null) {
            throw new IllegalArgumentException("serve needs --data, --models and --keys");
        }
        ServeOptions o = new ServeOptions(data, EventFormat.parse(format), items, models, keys, work, journal, host,
                port, defaultModel, retrainEvery == null ? null : ServeOptions.parseDuration(retrainEvery), rateLimit,
                burst, maxBody, 1_000, !noAnalytics, leaderboard, utcOffset, quarantine, null, !noProfiles, profiles,
                minCell, ServeOptions.parseDuration(propensityHorizon), ServeOptions.parseDuration(audienceHorizon),
                FactorIndex.AnnMode.parse(ann));
        ShoplensServer server = ShoplensServer.start(o);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "serve-shutdown"));
        out.println(server.startReport());
        out.println("serving on http://" + host + ":" + server.port() + "/ (Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
