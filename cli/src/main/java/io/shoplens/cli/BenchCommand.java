package io.shoplens.cli;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.synth.GeneratorConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Benchmarks that print figures against a peer measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (outside the test suite).",
        subcommands = {BenchCommand.Load.class, BenchRecommenders.class, BenchAnalytics.class,
                BenchDeep.class, BenchServe.class, BenchScale.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Load speed and memory per event of the Taobao reader and the store. */
    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Generate (once, cached) a Taobao-style log of N events, then time loading it into the "
                    + "store and measure heap per event. Peer in the same run: a hand-written "
                    + "BufferedReader + String.split parse of the same file (parsing only, nothing kept).")
    static final class Load implements Callable<Integer> {
        /** Keeps the peer's parse results observable so the JIT cannot drop the work. */
        static volatile long blackhole;

        @Spec
        CommandSpec spec;

        @Option(names = "--events", defaultValue = "10000000", paramLabel = "N",
                description = "Events (default: ${DEFAULT-VALUE}).")
        long events;

        @Option(names = "--file", paramLabel = "FILE",
                description = "Taobao-format file to load instead of a generated one.")
        Path file;

        @Option(names = "--cache", defaultValue = "out/bench", paramLabel = "DIR",
                description = "Where generated logs are kept between runs (default: ${DEFAULT-VALUE}).")
        Path cache;

        @Option(names = "--runs", defaultValue = "2", description = "Timed loads (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--no-peer", description = "Skip the hand-written parser peer.")
        boolean noPeer;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path f = file != null ? file : cached(out);
            out.printf("file %s (%,d bytes)%n", f, Files.size(f));
            double best = Double.MAX_VALUE;
            long numEvents = 0;
            double bytesPerEvent = 0;
            for (int r = 0; r < runs; r++) {
                long before = LoadCommand.usedHeapAfterGc();
                long t0 = System.nanoTime();
                Dataset d = DatasetLoader.load(DatasetLoader.Source.events(f, EventFormat.TAOBAO),
                        LoadOptions.defaults(cache.resolve("quarantine")));
                double s = (System.nanoTime() - t0) / 1e9;
                long after = LoadCommand.usedHeapAfterGc();
                numEvents = d.events().numEvents();
                bytesPerEvent = (double) (after - before) / numEvents;
                best = Math.min(best, s);
                out.printf("shoplens load run %d: %.2f s, %,.0f events/s, heap %.1f bytes/event%n", r + 1, s,
                        numEvents / s, bytesPerEvent);
                d = null;
            }
            out.printf("shoplens: %,d events, best %.2f s = %,.0f events/s; heap %.1f bytes/event "
                    + "(%.2f GB per 100M events); max heap %.1f GB%n", numEvents, best, numEvents / best,
                    bytesPerEvent, bytesPerEvent * 1e8 / 1e9, Runtime.getRuntime().maxMemory() / 1e9);
            if (!noPeer) {
                long t0 = System.nanoTime();
                long rows = naiveParse(f);
                double s = (System.nanoTime() - t0) / 1e9;
                out.printf("peer (BufferedReader + String.split, parse only): %,d rows in %.2f s = %,.0f rows/s%n",
                        rows, s, rows / s);
                out.printf("ratio shoplens/peer speed: %.2fx%n", (numEvents / best) / (rows / s));
            }
            return 0;
        }

        private Path cached(PrintWriter out) {
            Path f = cache.resolve("taobao-" + events + ".csv.gz");
            if (Files.isRegularFile(f)) {
                return f;
            }
            GeneratorConfig t = GeneratorConfig.taobaoScale();
            double scale = events / (double) t.events();
            GeneratorConfig cfg = GeneratorConfig.small(events, Math.max(1, (int) (t.users() * scale)),
                    Math.max(t.categories(), (int) (t.items() * scale)), t.categories(), t.days(), 1);
            out.printf("generating %,d events into %s (cached for later runs)%n", events, f);
            try {
                Files.createDirectories(cache);
            } catch (IOException e) {
                throw new io.shoplens.core.data.DataException("cannot create " + cache + ": " + e.getMessage(), e);
            }
            GenerateCommand.generate(cfg, f, null, null, null);
            return f;
        }

        /** The usual hand-written loader: lines as strings, split, parse; counts valid rows. */
        static long naiveParse(Path f) throws IOException {
            byte[] magic = new byte[2];
            try (var in = Files.newInputStream(f)) {
                in.readNBytes(magic, 0, 2);
            }
            boolean gz = (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            long rows = 0;
            long checksum = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    gz ? new GZIPInputStream(Files.newInputStream(f), 1 << 16) : Files.newInputStream(f),
                    StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] p = line.split(",");
                    checksum += Long.parseLong(p[0]) + Long.parseLong(p[1]) + Long.parseLong(p[2])
                            + p[3].length() + Long.parseLong(p[4]);
                    rows++;
                }
            }
            blackhole = checksum;
            return rows;
        }
    }
}
