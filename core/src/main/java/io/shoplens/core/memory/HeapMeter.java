package io.shoplens.core.memory;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures the heap a piece of work adds: the largest heap in use after a garbage collection while the meter runs,
 * and at its end, minus the heap in use (after a full collection) when it started. Passively
 * ({@code sampleMillis = 0}) every collection counts, so the figure is the live data plus whatever a young
 * collection did not free (old garbage): an upper bound of the live peak. With {@code sampleMillis > 0} a daemon
 * thread forces a full collection that often and only full collections count, for the live peak at the cost of
 * pauses (tests).
 *
 * <p>Use one meter per piece of work, from one thread: {@code try (HeapMeter m = HeapMeter.start(0)) {...}} then
 * {@link #peakBytes()}.
 */
public final class HeapMeter implements AutoCloseable {
    private final long baseline;
    private final AtomicLong peak = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener;
    private final Thread sampler;
    private volatile boolean running = true;
    private long result = -1;

    private HeapMeter(long sampleMillis) {
        baseline = collectedUsage();
        peak.set(baseline);
        long startedAt = ManagementFactory.getRuntimeMXBean().getUptime();
        listener = (Notification n, Object handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                        (CompositeData) n.getUserData());
                if (info.getGcInfo().getStartTime() < startedAt
                        || sampleMillis > 0 && !info.getGcAction().contains("major")) {
                    return;
                }
                long used = 0;
                for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                    used += u.getUsed();
                }
                peak.accumulateAndGet(used, Math::max);
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
        if (sampleMillis > 0) {
            sampler = new Thread(() -> {
                while (running) {
                    try {
                        Thread.sleep(sampleMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                    peak.accumulateAndGet(collectedUsage(), Math::max);
                }
            }, "shoplens-heap-meter");
            sampler.setDaemon(true);
            sampler.start();
        } else {
            sampler = null;
        }
    }

    /**
     * Runs a full collection and returns the heap in use right after it, as the collector measured it (the usage
     * after the latest collection, from its own report), so that nothing allocated since counts.
     */
    static long collectedUsage() {
        System.gc();
        GcInfo latest = null;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean g) {
                GcInfo info = g.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return MemoryGuard.used();
        }
        long used = 0;
        for (MemoryUsage u : latest.getMemoryUsageAfterGc().values()) {
            used += u.getUsed();
        }
        return used;
    }

    /** Starts measuring now (after a full collection); {@code sampleMillis} 0 for no forced collections. */
    public static HeapMeter start(long sampleMillis) {
        return new HeapMeter(sampleMillis);
    }

    /** The heap in use when the meter started, after a full collection. */
    public long baselineBytes() {
        return baseline;
    }

    /**
     * The peak heap the work added, in bytes: available once {@link #close()} ran (which collects once more and
     * counts what the work kept alive, e.g. the model it returned, if still referenced).
     */
    public long peakBytes() {
        if (result < 0) {
            throw new IllegalStateException("the heap meter is still running; close it first");
        }
        return result;
    }

    @Override
    public void close() {
        if (result >= 0) {
            return;
        }
        running = false;
        if (sampler != null) {
            sampler.interrupt();
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        peak.accumulateAndGet(collectedUsage(), Math::max);
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ex) {
                throw new IllegalStateException("heap meter listener vanished", ex);
            }
        }
        result = Math.max(0, peak.get() - baseline);
    }
}
