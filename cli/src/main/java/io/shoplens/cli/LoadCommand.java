package io.shoplens.cli;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Loads and validates a behaviour log and describes it. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Read and validate a behaviour log: counts, behaviour mix, time range, rejected rows "
                + "(written to the quarantine), load speed and memory.")
final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        long heapBefore = usedHeapAfterGc();
        long t0 = System.nanoTime();
        Dataset d = data.load(out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long heapAfter = usedHeapAfterGc();
        describe(out, d);
        InteractionStore s = d.events();
        out.printf("load: %.2f s, %,.0f events/s; heap %.1f bytes/event (store arrays %.1f)%n", seconds,
                s.numEvents() / seconds, (double) (heapAfter - heapBefore) / Math.max(1, s.numEvents()),
                (double) s.arrayBytes() / Math.max(1, s.numEvents()));
        return 0;
    }

    static void describe(PrintWriter out, Dataset d) {
        InteractionStore s = d.events();
        long[] mix = new long[4];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int p = 0; p < s.numEvents(); p++) {
            mix[s.behaviorCodeAt(p)]++;
            min = Math.min(min, s.timeAt(p));
            max = Math.max(max, s.timeAt(p));
        }
        out.printf("events %,d; users %,d; items %,d (%,d with events); categories %,d%n", s.numEvents(),
                s.activeUsers(), s.numItems(), s.activeItems(), s.numCategories());
        StringBuilder sb = new StringBuilder("behaviours:");
        for (Behavior b : Behavior.values()) {
            sb.append(String.format(" %s %,d (%.1f%%)", b.label(), mix[b.code()],
                    100.0 * mix[b.code()] / Math.max(1, s.numEvents())));
        }
        out.println(sb);
        if (s.numEvents() > 0) {
            out.println(s.ordinalTime() ? "time: none in the source (file order kept per user)"
                    : "time: " + Instant.ofEpochSecond(min) + " .. " + Instant.ofEpochSecond(max));
        }
        if (d.rejectedRows() > 0) {
            out.printf("rejected rows: %,d (see the quarantine files named above)%n", d.rejectedRows());
        }
    }

    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
