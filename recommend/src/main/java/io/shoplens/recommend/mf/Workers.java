package io.shoplens.recommend.mf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of training threads that runs a body over fixed blocks of an index range. Blocks are handed out
 * dynamically, but their boundaries do not depend on the thread count, so a body whose blocks are independent
 * gives the same result on any number of threads.
 */
final class Workers implements AutoCloseable {
    /** Work on the index range {@code [from, to)}. */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    Workers(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code body} on every block {@code [b*block, min(n, (b+1)*block))} of {@code [0, n)}. */
    void forEachBlock(int n, int block, RangeBody body) {
        int blocks = (n + block - 1) / block;
        if (pool == null || blocks <= 1) {
            for (int b = 0; b < blocks; b++) {
                body.run(b * block, Math.min(n, (b + 1) * block));
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(threads);
        for (int t = 0; t < Math.min(threads, blocks); t++) {
            futures.add(pool.submit(() -> {
                for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                    body.run(b * block, Math.min(n, (b + 1) * block));
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("training failed: " + cause, cause);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
