package io.shoplens.core.memory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a training whose {@link MemoryEstimate} does not fit the free heap, before it allocates anything, with
 * one sentence that names the estimate and its largest parts, the free and maximum heap, and the settings that
 * would fit: each {@link MemoryEstimate.Knob} at the value nearest its current one that fits, and the {@code -Xmx}
 * that would. A training whose native parts do not fit the memory left outside the heap is refused likewise,
 * naming the knobs of native memory at values that fit ({@link #nativeRefusal}).
 *
 * <p>Free heap is the maximum heap minus the heap in use; when an estimate does not fit at first sight a full
 * collection runs and the check is repeated on the live heap only. {@value #HEADROOM_PERCENT}% of the maximum heap
 * is kept back for the collector and the small objects no estimate counts.
 */
public final class MemoryGuard {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryGuard.class);
    /** Share of the maximum heap, in percent, kept free beyond an estimate. */
    public static final int HEADROOM_PERCENT = 5;

    /**
     * {@code -Xmx} over {@link Runtime#maxMemory()} in this JVM (at least 1): the throughput collector leaves one
     * survivor space out of the usable maximum, so a suggested {@code -Xmx} must be that much larger.
     */
    static final double XMX_PER_MAX_MEMORY = xmxPerMaxMemory();

    private MemoryGuard() {
    }

    /**
     * Returns quietly when {@code estimate} fits the free heap; otherwise throws
     * {@link InsufficientMemoryException} with the sentence the class comment describes.
     */
    public static void require(MemoryEstimate estimate) {
        long max = Runtime.getRuntime().maxMemory();
        String refusal = refusal(estimate, max, used());
        if (refusal != null) {
            System.gc();
            refusal = refusal(estimate, max, used());
        }
        if (refusal == null && estimate.nativeBytes() > 0) {
            long available = availableNative();
            if (available >= 0) {
                refusal = nativeRefusal(estimate, available, budget(max, used()));
                String heap = refusal == null ? null : smallerHeap(estimate, available, max, used());
                if (heap != null) {
                    refusal += (refusal.contains("; it fits with ") ? ", or " : "; it fits with ") + heap;
                }
            }
        }
        if (refusal != null) {
            throw new InsufficientMemoryException(refusal);
        }
        LOG.info("{} needs about {} of heap ({}); {} free of {}", estimate.model(), MemoryEstimate.gb(
                estimate.bytes()), estimate.breakdown(), MemoryEstimate.gb(max - used()), MemoryEstimate.gb(max));
    }

    /**
     * Memory the machine can still give to native allocations: {@code MemAvailable} of {@code /proc/meminfo} minus
     * the heap the JVM may still commit, or -1 where that file cannot be read (not Linux).
     */
    public static long availableNative() {
        java.nio.file.Path info = java.nio.file.Path.of("/proc/meminfo");
        if (!java.nio.file.Files.isReadable(info)) {
            return -1;
        }
        try {
            for (String line : java.nio.file.Files.readAllLines(info)) {
                if (line.startsWith("MemAvailable:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    Runtime rt = Runtime.getRuntime();
                    return Math.max(0, kb * 1024 - (rt.maxMemory() - rt.totalMemory()));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read /proc/meminfo: " + e.getMessage(), e);
        }
        return -1;
    }

    private static double xmxPerMaxMemory() {
        com.sun.management.HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class);
        long configured = Long.parseLong(hotspot.getVMOption("MaxHeapSize").getValue());
        return Math.max(1.0, configured / (double) Runtime.getRuntime().maxMemory());
    }

    /** Heap in use now, in bytes. */
    public static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The refusal sentence for {@code estimate} on a heap of {@code max} bytes with {@code used} in use, or null
     * when it fits.
     */
    public static String refusal(MemoryEstimate estimate, long max, long used) {
        long budget = budget(max, used);
        long need = estimate.bytes();
        if (estimate.arrayLimit() == null && need <= budget) {
            return null;
        }
        List<String> fixes = new ArrayList<>();
        for (MemoryEstimate.Knob k : estimate.knobs()) {
            if (k.bytesAt().applyAsLong(k.limit()) >= k.bytesAt().applyAsLong(k.current())) {
                continue;
            }
            long v = fitting(k, budget);
            if (v != Long.MIN_VALUE) {
                fixes.add(k.param() + "=" + v);
            }
        }
        StringBuilder sb = new StringBuilder();
        if (estimate.arrayLimit() != null) {
            sb.append(estimate.model()).append(" cannot train: ").append(estimate.arrayLimit());
        } else {
            long xmxGb = (long) Math.ceil((used + need) / (1.0 - HEADROOM_PERCENT / 100.0) * XMX_PER_MAX_MEMORY
                    / (1L << 30));
            sb.append(String.format(Locale.ROOT, "%s needs about %s of heap (%s) but %s are free of the %s "
                    + "maximum", estimate.model(), MemoryEstimate.gb(need), estimate.breakdown(),
                    MemoryEstimate.gb(Math.max(0, budget)), MemoryEstimate.gb(max)));
            fixes.add("a larger heap (SHOPLENS_JAVA_OPTS=-Xmx" + xmxGb + "g)");
        }
        if (!fixes.isEmpty()) {
            sb.append("; it fits with ").append(String.join(", or ", fixes));
        }
        return sb.toString();
    }

    /**
     * The fix of a native shortfall by a smaller heap, as {@code "a smaller heap (SHOPLENS_JAVA_OPTS=-XmxNg)"}: the
     * largest whole-GiB {@code -Xmx} that leaves {@code estimate}'s native parts room outside the heap (with 1% of
     * {@code max} to spare) while its heap parts still fit, or null when no heap does both. {@code available} is
     * what {@link #availableNative()} reports for a heap of maximum {@code max} bytes with {@code used} in use.
     */
    static String smallerHeap(MemoryEstimate estimate, long available, long max, long used) {
        long shortfall = estimate.nativeBytes() - available + max / 100;
        long smaller = max - shortfall;
        long xmxGb = (long) Math.floor(smaller * XMX_PER_MAX_MEMORY / (1L << 30));
        if (shortfall <= 0 || xmxGb < 1 || budget(smaller, used) < estimate.bytes()) {
            return null;
        }
        return "a smaller heap (SHOPLENS_JAVA_OPTS=-Xmx" + xmxGb + "g)";
    }

    /** Heap bytes an estimate may take on a heap of {@code max} bytes with {@code used} in use. */
    private static long budget(long max, long used) {
        return max - used - max / 100 * HEADROOM_PERCENT;
    }

    /**
     * The refusal sentence for {@code estimate}'s native parts when {@code available} bytes are left outside the
     * heap and {@code heapBudget} bytes of heap, or null when they fit: it names the native estimate and its parts
     * and ends with each knob of native memory at the value nearest its current one where the native parts fit
     * {@code available} while the heap parts still fit {@code heapBudget}.
     */
    public static String nativeRefusal(MemoryEstimate estimate, long available, long heapBudget) {
        if (estimate.nativeBytes() <= available) {
            return null;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s needs about %s outside the heap (%s) "
                + "but the machine has %s available beyond what the heap may still take", estimate.model(),
                MemoryEstimate.gb(estimate.nativeBytes()), estimate.nativeBreakdown(), MemoryEstimate.gb(available)));
        List<String> fixes = new ArrayList<>();
        for (MemoryEstimate.Knob k : estimate.knobs()) {
            if (k.nativeBytesAt() == null) {
                continue;
            }
            long v = fitting(k, x -> k.nativeBytesAt().applyAsLong(x) <= available
                    && k.bytesAt().applyAsLong(x) <= heapBudget);
            if (v != Long.MIN_VALUE) {
                fixes.add(k.param() + "=" + v);
            }
        }
        if (!fixes.isEmpty()) {
            sb.append("; it fits with ").append(String.join(", or ", fixes));
        }
        return sb.toString();
    }

    /**
     * The value of {@code k} nearest its current value whose heap estimate fits {@code budget}, or
     * {@link Long#MIN_VALUE} when even its limit does not fit. Assumes the estimate is monotonic in the parameter.
     */
    static long fitting(MemoryEstimate.Knob k, long budget) {
        return fitting(k, x -> k.bytesAt().applyAsLong(x) <= budget);
    }

    /**
     * The value of {@code k} nearest its current value for which {@code fits} holds, found by bisection between
     * its current value and its limit, or {@link Long#MIN_VALUE} when it does not hold at the limit. Assumes
     * {@code fits} changes at most once between the two.
     */
    private static long fitting(MemoryEstimate.Knob k, LongPredicate fits) {
        if (!fits.test(k.limit())) {
            return Long.MIN_VALUE;
        }
        long ok = k.limit();
        long doesNot = k.current();
        while (Math.abs(ok - doesNot) > 1) {
            long mid = doesNot + (ok - doesNot) / 2;
            if (fits.test(mid)) {
                ok = mid;
            } else {
                doesNot = mid;
            }
        }
        return ok;
    }
}
