package io.shoplens.cli;

import io.shoplens.core.data.DataException;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.split.LeaveOneOut;
import io.shoplens.core.split.Split;
import io.shoplens.recommend.deep.sasrec.SasRecModel;
import io.shoplens.recommend.deep.sasrec.SasRecParams;
import io.shoplens.recommend.deep.sasrec.SasRecTrainer;
import io.shoplens.recommend.deep.train.EpochReport;
import io.shoplens.recommend.deep.train.Fitter;
import io.shoplens.recommend.deep.train.TrainingListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Epoch time of our SASRec against the plain-PyTorch reference script ({@code bench/pytorch/sasrec.py}) on the same
 * data, split, network, batch size and threads, in the same run; then top-K latency over all items.
 */
@Command(name = "deep", mixinStandardHelpOptions = true,
        description = "Train SASRec (sampled BCE, no validation) for a few epochs with Shoplens (DJL/PyTorch from "
                + "Java) and with the PyTorch reference script at equal settings; print epoch times, the ratio and "
                + "the milliseconds per user of top-K over all items.")
final class BenchDeep implements Callable<Integer> {
    private static final Pattern EPOCH = Pattern.compile("epoch (\\d+) seconds ([0-9.]+) loss ([0-9.]+).*");

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs for each side (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Users per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", defaultValue = "1",
            description = "Intra-op threads for both sides (default: ${DEFAULT-VALUE}; on a shared machine more "
                    + "threads can be slower).")
    int threads;

    @Option(names = "--maxlen", defaultValue = "50", description = "Sequence length (default: ${DEFAULT-VALUE}).")
    int maxLen;

    @Option(names = "--hidden", defaultValue = "50", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--blocks", defaultValue = "2", description = "Attention blocks (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--heads", defaultValue = "1", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--dropout", defaultValue = "0.5", description = "Dropout (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--no-buckets", description = "Uniformly shuffled batches instead of length buckets (both sides).")
    boolean noBuckets;

    @Option(names = "--script", defaultValue = "bench/pytorch/sasrec.py", paramLabel = "FILE",
            description = "The PyTorch reference (default: ${DEFAULT-VALUE}).")
    Path script;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "EXE",
            description = "Python with torch (default: ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--no-peer", description = "Skip the PyTorch reference.")
    boolean noPeer;

    @Option(names = "--latency-users", defaultValue = "1000", paramLabel = "N",
            description = "Users timed for top-K latency (default: ${DEFAULT-VALUE}).")
    int latencyUsers;

    private record Epoch(int epoch, double seconds, double loss) {
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (EventFormat.parse(data.format) != EventFormat.SASREC) {
            throw new IllegalArgumentException("bench deep reads the data with the PyTorch script too, which takes "
                    + "--format sasrec only, not " + data.format);
        }
        Dataset d = data.load(out);
        Split split = new LeaveOneOut().split(d.events());
        InteractionStore train = split.train();
        String load0 = loadAverage();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("maxLen", Integer.toString(maxLen));
        p.put("hidden", Integer.toString(hidden));
        p.put("blocks", Integer.toString(blocks));
        p.put("heads", Integer.toString(heads));
        p.put("dropout", Double.toString(dropout));
        p.put("buckets", Boolean.toString(!noBuckets));
        p.put("epochs", Integer.toString(epochs));
        p.put("batchSize", Integer.toString(batch));
        p.put("threads", Integer.toString(threads));
        p.put("validEvery", "0");
        p.put("log", "false");
        out.printf("SASRec, sampled BCE, maxlen %d, d %d, %d blocks, %d head(s), dropout %s, batch %d, %d thread(s), "
                + "%s batches, leave-one-out train part of %s%n", maxLen, hidden, blocks, heads, dropout, batch,
                threads, noBuckets ? "shuffled" : "length-bucketed", data.data);
        out.printf("machine: %d cores, load average before: %s%n", Runtime.getRuntime().availableProcessors(), load0);
        out.flush();
        List<Epoch> ours = new ArrayList<>();
        SasRecModel model = new SasRecTrainer(SasRecParams.from(p), new TrainingListener() {
            @Override
            public void onEpoch(EpochReport r) {
                ours.add(new Epoch(r.epoch(), r.trainSeconds(), r.loss()));
                out.printf(Locale.ROOT, "shoplens epoch %d: %.2f s, loss %.4f%n", r.epoch(), r.trainSeconds(),
                        r.loss());
                out.flush();
            }
        }).train(new TrainingData(train, d.catalog(), d.sha256() + "/loo"));
        List<Epoch> peer = noPeer ? List.of() : peer(out);
        out.printf("load average after: %s%n", loadAverage());
        Tables t = new Tables().row("epoch", "shoplens s", "pytorch s", "shoplens loss", "pytorch loss");
        double sumOurs = 0;
        double sumPeer = 0;
        for (int e = 0; e < ours.size(); e++) {
            Epoch o = ours.get(e);
            Epoch q = e < peer.size() ? peer.get(e) : null;
            t.row(Integer.toString(o.epoch), o.seconds, q == null ? Double.NaN : q.seconds, o.loss,
                    q == null ? Double.NaN : q.loss);
            sumOurs += o.seconds;
            sumPeer += q == null ? 0 : q.seconds;
        }
        t.print(out);
        if (!peer.isEmpty()) {
            out.printf(Locale.ROOT, "epoch time pytorch / shoplens = %.2fx (above 1: Shoplens is faster)%n",
                    sumPeer / sumOurs);
        }
        latency(out, model, split);
        model.close();
        return 0;
    }

    private List<Epoch> peer(PrintWriter out) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new DataException("PyTorch reference script " + script + " not found; run from the checkout or "
                    + "pass --script");
        }
        List<String> cmd = List.of(python, script.toString(), "--data", data.data.toString(), "--epochs",
                Integer.toString(epochs), "--batch", Integer.toString(batch), "--threads", Integer.toString(threads),
                "--maxlen", Integer.toString(maxLen), "--hidden", Integer.toString(hidden), "--blocks",
                Integer.toString(blocks), "--heads", Integer.toString(heads), "--dropout", Double.toString(dropout),
                "--buckets", noBuckets ? "0" : "1");
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<Epoch> epochsSeen = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                Matcher m = EPOCH.matcher(line.trim());
                if (m.matches()) {
                    epochsSeen.add(new Epoch(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3))));
                    out.printf(Locale.ROOT, "pytorch  epoch %s: %s s, loss %s%n", m.group(1), m.group(2), m.group(3));
                } else {
                    out.println("pytorch: " + line);
                }
                out.flush();
            }
        }
        int code = proc.waitFor();
        if (code != 0) {
            throw new IllegalStateException("the PyTorch reference failed with exit code " + code + ": "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
        }
        return epochsSeen;
    }

    /**
     * Milliseconds per user of top-10 over all items on the calling thread with {@code threads} intra-op threads,
     * after 50 warm-up calls: one user per call, and users encoded in batches.
     */
    private void latency(PrintWriter out, SasRecModel model, Split split) {
        int n = Math.min(latencyUsers, split.test().size());
        if (n == 0) {
            return;
        }
        InteractionStore history = split.trainAndValidation();
        int[] users = java.util.Arrays.copyOf(split.test().users(), n);
        Fitter.setIntraOpThreads(threads);
        long sink = 0;
        for (int k = 0; k < Math.min(50, n); k++) {
            sink += model.recommend(history.history(users[k]), 10, null).get(0).item();
        }
        long t0 = System.nanoTime();
        for (int u : users) {
            UserHistory h = history.history(u);
            sink += model.recommend(h, 10, null).get(0).item();
        }
        double single = (System.nanoTime() - t0) / 1e6 / n;
        long t1 = System.nanoTime();
        Recommender prepared = model.prepare(history, users);
        for (int u : users) {
            UserHistory h = history.history(u);
            sink += prepared.recommend(h, 10, null).get(0).item();
        }
        double batched = (System.nanoTime() - t1) / 1e6 / n;
        out.printf(Locale.ROOT, "top-10 over all %,d items: %.2f ms/user one at a time, %.2f ms/user encoded in "
                + "batches (%d users, checksum %d)%n", model.numItems(), single, batched, n, sink % 1000);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
