package io.shoplens.core.synth;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates realistic synthetic shop behaviour logs in the layout of Taobao's UserBehavior.csv, plus optional
 * item, user and ground-truth files.
 *
 * <p>The events file has no header; each line is {@code user_id,item_id,category_id,behavior_type,timestamp}
 * (e.g. {@code 1,2268318,2520377,pv,1511544070}) with behaviour {@code pv}, {@code cart}, {@code fav} or
 * {@code buy} and the timestamp in epoch seconds within [start, start + days * 86400). Lines are grouped by
 * user in increasing id order (ids 1..users; users without events are absent) and each user's lines are in
 * non-decreasing time order. Exactly {@link GeneratorConfig#events()} lines are written.
 *
 * <p>The log has the structure recommenders should find: Zipfian item and category popularity, log-normal
 * user activity, sessions of events minutes apart separated by hours, a diurnal (quiet 2-6h, peak 20-22h) and
 * weekly rhythm in the configured time zone, a promotion day with more traffic and purchases, planted taste
 * groups with preferred categories, category-sticky sessions with planted item-to-item successors, and a
 * funnel in which cart/fav/buy almost always follow a view of the same item by the same user.
 *
 * <p>Files whose name ends in {@code .gz} are gzip-compressed at the fastest level, others are plain ASCII.
 * Output is byte-identical for equal configurations regardless of the thread count: users are generated in
 * fixed chunks from per-user seeds on a worker pool and written in order; gzip chunks are independent
 * sync-flushed deflate segments of one gzip member. Memory is O(items + users), independent of events.
 * Instances are stateless apart from the thread count and may be shared.
 */
public final class SyntheticLogGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticLogGenerator.class);
    private static final long CHUNK_EVENTS = 1 << 18;
    private static final long PROGRESS_STEP = 100_000;
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 0xff};
    /** A final, empty, fixed-Huffman deflate block. */
    private static final byte[] DEFLATE_END = {3, 0};

    private final int threads;

    /** A generator using one worker per available processor. */
    public SyntheticLogGenerator() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** A generator using {@code threads} (at least 1) worker threads; the output does not depend on it. */
    public SyntheticLogGenerator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /**
     * Writes the events file and, for each non-null path, the side files.
     *
     * <ul>
     *   <li>items: header {@code item,category,price,title,image}; every catalogue item in increasing id order,
     *       price in yuan with two decimals, title of space-separated tokens drawn from a per-category
     *       vocabulary plus generic tokens, empty image</li>
     *   <li>users: header {@code user,age_band,gender,region}; users 1..users, age band 18-24, 25-34, 35-44,
     *       45-54 or 55+, gender f, m or u</li>
     *   <li>truth: header {@code user,group,preferred_categories}; users 1..users with their planted taste
     *       group (0-based) and the group's preferred category ids joined by {@code |}, most preferred
     *       first</li>
     * </ul>
     *
     * @param cfg        what to generate
     * @param eventsFile the events file, replaced if present
     * @param itemsFile  the items file, or null to skip it
     * @param usersFile  the users file, or null to skip it
     * @param truthFile  the ground-truth file, or null to skip it
     * @param progress   receives the cumulative number of events written roughly every 100,000 events and
     *                   once at the end, on the calling thread; may be null
     * @return the counts of what was written and the seconds it took
     * @throws IOException when a file cannot be written
     */
    public GenerationResult generate(GeneratorConfig cfg, Path eventsFile, Path itemsFile, Path usersFile,
            Path truthFile, LongConsumer progress) throws IOException {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(eventsFile, "eventsFile");
        long started = System.nanoTime();
        SynthModel model = new SynthModel(cfg);
        LongConsumer sink = progress != null ? progress : n -> { };
        long[] byBehavior = new long[4];
        int items = writeEvents(model, eventsFile, sink, byBehavior);
        if (itemsFile != null) {
            SideFiles.writeItems(model, itemsFile);
        }
        if (usersFile != null) {
            SideFiles.writeUsers(model, usersFile);
        }
        if (truthFile != null) {
            SideFiles.writeTruth(model, truthFile);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long events = byBehavior[0] + byBehavior[1] + byBehavior[2] + byBehavior[3];
        GenerationResult result = new GenerationResult(events, byBehavior[0], byBehavior[1], byBehavior[2],
                byBehavior[3], model.usersWithEvents, items, seconds);
        LOG.debug("generated {} events for {} users on {} items in {} s", events, model.usersWithEvents, items,
                seconds);
        return result;
    }

    /** Writes the events; fills per-behaviour counts and returns the number of distinct items seen. */
    private int writeEvents(SynthModel model, Path file, LongConsumer progress, long[] byBehavior)
            throws IOException {
        boolean gzip = LineWriter.isGzip(file);
        List<UserSimulator> simulators = new ArrayList<>(threads);
        BlockingQueue<UserSimulator> idle = new ArrayBlockingQueue<>(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads, workerFactory());
        try {
            for (int i = 0; i < threads; i++) {
                UserSimulator sim = new UserSimulator(model, gzip);
                simulators.add(sim);
                idle.add(sim);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                pump(model, pool, idle, out, gzip, progress, byBehavior);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while generating " + file);
        } finally {
            pool.shutdownNow();
            boolean stopped = awaitQuietly(pool);
            if (stopped) {
                for (UserSimulator sim : simulators) {
                    sim.close();
                }
            }
        }
        long[] seen = new long[(model.items + 63) >>> 6];
        for (UserSimulator sim : simulators) {
            for (int i = 0; i < seen.length; i++) {
                seen[i] |= sim.seen[i];
            }
        }
        int distinct = 0;
        for (long word : seen) {
            distinct += Long.bitCount(word);
        }
        return distinct;
    }

    private void pump(SynthModel model, ExecutorService pool, BlockingQueue<UserSimulator> idle, OutputStream out,
            boolean gzip, LongConsumer progress, long[] byBehavior) throws IOException, InterruptedException {
        int window = 2 * threads + 1;
        ArrayDeque<Chunk> inflight = new ArrayDeque<>();
        int nextUser = 1;
        long written = 0;
        long reported = 0;
        int crc = 0;
        long rawBytes = 0;
        if (gzip) {
            out.write(GZIP_HEADER);
        }
        while (true) {
            while (inflight.size() < window && nextUser <= model.users) {
                int from = nextUser;
                long sum = 0;
                while (nextUser <= model.users && sum < CHUNK_EVENTS) {
                    sum += model.userEvents[nextUser - 1];
                    nextUser++;
                }
                Chunk chunk = new Chunk(from, nextUser);
                inflight.add(chunk);
                pool.execute(() -> runChunk(chunk, idle));
            }
            Chunk chunk = inflight.poll();
            if (chunk == null) {
                break;
            }
            while (true) {
                Block block = chunk.queue.take();
                if (block.failure != null) {
                    throw rethrow(block.failure);
                }
                out.write(block.data);
                if (gzip) {
                    crc = Crc32Combine.combine(crc, block.crc, block.rawLength);
                    rawBytes += block.rawLength;
                }
                for (int b = 0; b < 4; b++) {
                    byBehavior[b] += block.counts[b];
                }
                written += block.events;
                if (written - reported >= PROGRESS_STEP) {
                    progress.accept(written);
                    reported = written;
                }
                if (block.last) {
                    break;
                }
            }
        }
        if (gzip) {
            out.write(DEFLATE_END);
            byte[] trailer = new byte[8];
            writeIntLe(trailer, 0, crc);
            writeIntLe(trailer, 4, (int) rawBytes);
            out.write(trailer);
        }
        if (reported != written || written == 0) {
            progress.accept(written);
        }
    }

    private static void runChunk(Chunk chunk, BlockingQueue<UserSimulator> idle) {
        UserSimulator sim = null;
        try {
            sim = idle.take();
            sim.run(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            try {
                chunk.queue.put(Block.failed(e));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (sim != null) {
                idle.add(sim);
            }
        }
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException("event generation failed", failure);
    }

    private static boolean awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void writeIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static ThreadFactory workerFactory() {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "synth-worker-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
