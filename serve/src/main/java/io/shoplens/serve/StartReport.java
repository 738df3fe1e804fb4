package io.shoplens.serve;

import java.util.Locale;
import java.util.Map;

/**
 * What a server's start cost, printed when it starts and kept for {@code GET /v1/models}.
 *
 * @param events          events in the served store
 * @param users           users in it
 * @param items           items in the catalogue
 * @param loadSeconds     reading and validating the log into the store (and the item catalogue)
 * @param insightSeconds  analytics, forecast and profiles at start (0 when all are off)
 * @param modelSeconds    loading the {@code *.model} files
 * @param trainSeconds    the served models' own training time, summed from their provenance
 * @param indexSeconds    building the ANN indexes (0 when none)
 * @param recalls         each indexed model's recall against exact scoring, measured after its build
 * @param totalSeconds    from the start of the constructor until listening
 * @param heapUsedBytes   heap in use after a full collection once everything was loaded
 * @param heapMaxBytes    the JVM's maximum heap ({@code -Xmx})
 */
public record StartReport(long events, int users, int items, double loadSeconds, double insightSeconds,
                          double modelSeconds, double trainSeconds, double indexSeconds,
                          Map<String, FactorIndex.Recall> recalls, double totalSeconds, long heapUsedBytes,
                          long heapMaxBytes) {
    public StartReport {
        recalls = Map.copyOf(recalls);
    }

    /** Heap in use after a full collection, in bytes (calls {@link System#gc()}). */
    static long heapAfterGc() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "start: %d events, %d users, %d items; "
                + "log load %.1f s, insights %.1f s, model load %.1f s (trained in %.1f s), ANN index build %.1f s, "
                + "total %.1f s; heap in use after GC %.0f MiB of %.0f MiB", events, users, items, loadSeconds,
                insightSeconds, modelSeconds, trainSeconds, indexSeconds, totalSeconds, heapUsedBytes / 1048576.0,
                heapMaxBytes / 1048576.0));
        recalls.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append("\nANN ")
                .append(e.getKey()).append(": ").append(e.getValue()));
        return b.toString();
    }
}
