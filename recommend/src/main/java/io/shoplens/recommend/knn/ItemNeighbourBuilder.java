package io.shoplens.recommend.knn;

import io.shoplens.core.model.TopK;
import io.shoplens.recommend.common.InteractionMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the top-k item-item neighbour lists of an interaction matrix. Each item i is handled on its own: for each
 * user u of column i and each other item j of row u, a dense float accumulator gathers
 * dot(i, j) += r<sub>ui</sub>·r<sub>uj</sub> and an int accumulator the co-occurrence count, with a touched list
 * so that only the items met are visited and reset. Items are handed out to a fixed pool of workers in blocks;
 * the result does not depend on the number of threads because every item's sums run in the same order.
 */
final class ItemNeighbourBuilder {
    private static final int BLOCK = 64;

    private ItemNeighbourBuilder() {
    }

    /** Neighbour lists in CSR form; each item's neighbours are in ascending item order. */
    record Csr(int[] ptr, int[] nbr, float[] sim) {
    }

    static Csr build(InteractionMatrix m, ItemKnnParams p) {
        int numItems = m.numItems();
        float[] left = new float[numItems];
        float[] right = new float[numItems];
        for (int i = 0; i < numItems; i++) {
            double norm2 = 0;
            for (int e = m.itemStart(i); e < m.itemEnd(i); e++) {
                double v = m.itemValue(e);
                norm2 += v * v;
            }
            left[i] = Kernels.leftFactor(p.similarity(), p.alpha(), norm2, m.itemDegree(i));
            right[i] = Kernels.rightFactor(p.similarity(), p.alpha(), norm2, m.itemDegree(i));
        }
        int[][] nbrs = new int[numItems][];
        float[][] sims = new float[numItems][];
        AtomicInteger next = new AtomicInteger();
        int threads = Math.max(1, Math.min(p.threads(), (numItems + BLOCK - 1) / BLOCK));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "shoplens-itemknn");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                futures.add(pool.submit(() -> {
                    Worker worker = new Worker(m, p, left, right);
                    for (int from = next.getAndAdd(BLOCK); from < numItems; from = next.getAndAdd(BLOCK)) {
                        int to = Math.min(numItems, from + BLOCK);
                        for (int i = from; i < to; i++) {
                            worker.item(i, nbrs, sims);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("item-kNN training interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("item-kNN training failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        int[] ptr = new int[numItems + 1];
        for (int i = 0; i < numItems; i++) {
            ptr[i + 1] = ptr[i] + nbrs[i].length;
        }
        int[] nbr = new int[ptr[numItems]];
        float[] sim = new float[ptr[numItems]];
        for (int i = 0; i < numItems; i++) {
            System.arraycopy(nbrs[i], 0, nbr, ptr[i], nbrs[i].length);
            System.arraycopy(sims[i], 0, sim, ptr[i], sims[i].length);
        }
        return new Csr(ptr, nbr, sim);
    }

    /** One worker's scratch space: dense accumulators over all items, reset through the touched list. */
    private static final class Worker {
        private final InteractionMatrix m;
        private final ItemKnnParams p;
        private final float[] left;
        private final float[] right;
        private final float[] dot;
        private final int[] count;
        private final int[] touched;
        private final float[] sim;
        private final int[] top;

        Worker(InteractionMatrix m, ItemKnnParams p, float[] left, float[] right) {
            this.m = m;
            this.p = p;
            this.left = left;
            this.right = right;
            int n = m.numItems();
            dot = new float[n];
            count = new int[n];
            touched = new int[n];
            sim = new float[n];
            top = new int[Math.min(p.k(), n)];
        }

        void item(int i, int[][] nbrs, float[][] sims) {
            int t = 0;
            for (int e = m.itemStart(i); e < m.itemEnd(i); e++) {
                int u = m.itemUser(e);
                float rui = m.itemValue(e);
                for (int f = m.userStart(u); f < m.userEnd(u); f++) {
                    int j = m.userItem(f);
                    if (j == i) {
                        continue;
                    }
                    if (count[j]++ == 0) {
                        touched[t++] = j;
                    }
                    dot[j] += rui * m.userValue(f);
                }
            }
            for (int c = 0; c < t; c++) {
                int j = touched[c];
                sim[j] = Kernels.similarity(p.similarity(), dot[j], count[j], left[i], right[j], p.shrink());
            }
            int kept = TopK.select(touched, t, sim, p.k(), top);
            while (kept > 0 && !(sim[top[kept - 1]] > 0)) {
                kept--;
            }
            int[] ids = Arrays.copyOf(top, kept);
            Arrays.sort(ids);
            float[] values = new float[kept];
            double total = 0;
            for (int c = 0; c < kept; c++) {
                values[c] = sim[ids[c]];
                total += values[c];
            }
            if (p.normalize() && total > 0) {
                for (int c = 0; c < kept; c++) {
                    values[c] = (float) (values[c] / total);
                }
            }
            nbrs[i] = ids;
            sims[i] = values;
            for (int c = 0; c < t; c++) {
                int j = touched[c];
                dot[j] = 0;
                count[j] = 0;
                sim[j] = 0;
            }
        }
    }
}
