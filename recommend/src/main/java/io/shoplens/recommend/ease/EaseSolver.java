package io.shoplens.recommend.ease;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.shoplens.recommend.common.InteractionMatrix;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The closed form of EASE (Steck 2019, eq. 8): {@code G = XᵀX + λI}, {@code P = G⁻¹},
 * {@code B[i][j] = -P[i][j] / P[j][j]} for {@code i ≠ j}, {@code B[j][j] = 0}.
 *
 * <p>G is accumulated on the Java side from the sparse matrix, row block by row block (each row in double, one
 * row per task, so the result does not depend on the thread count), and copied into a dense PyTorch tensor; the
 * inverse is PyTorch's LAPACK-backed {@code torch.inverse} (LU factorisation) through DJL's
 * {@link NDArray#inverse()}, in float32 by default or float64 on request. P is read back in row blocks and turned
 * into B on the Java side. PyTorch's intra-op thread count is set to {@code threads} for the solve and restored
 * afterwards (it is process-wide, so concurrent solves share it). Native memory peaks at about four n × n
 * matrices of the solver's precision during the inverse (G, its LU factors, the identity right-hand side and P);
 * the Java heap holds B (n² floats when dense) and one row block.
 */
final class EaseSolver {
    private static final Logger LOG = LoggerFactory.getLogger(EaseSolver.class);
    /** Doubles per row block moved between the Java heap and the tensor (64 MiB). */
    private static final int BLOCK_DOUBLES = 1 << 23;

    /**
     * Heap bytes of the solver's row blocks for {@code n} items: the Gram block of doubles and the float rows of the
     * inverse read back while the weights are built.
     */
    static long rowBlockBytes(long n) {
        long rows = Math.min(n, Math.max(1, BLOCK_DOUBLES / Math.max(1, n)));
        return 12 * rows * n;
    }

    private EaseSolver() {
    }

    /**
     * Solves EASE on the columns {@code kept} of {@code m} (local index to item index, ascending).
     *
     * @param localOf item index to local index, -1 for items left out
     */
    static EaseWeights solve(InteractionMatrix m, int[] kept, int[] localOf, EaseParams params) {
        int n = kept.length;
        Engine engine = Engine.getEngine("PyTorch");
        int previousThreads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(params.threads());
        DataType type = params.float64() ? DataType.FLOAT64 : DataType.FLOAT32;
        ExecutorService pool = Executors.newFixedThreadPool(params.threads(), r -> {
            Thread t = new Thread(r, "shoplens-ease");
            t.setDaemon(true);
            return t;
        });
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            long t0 = System.nanoTime();
            NDArray g = manager.create(new Shape(n, n), type);
            int rowsPerBlock = Math.max(1, BLOCK_DOUBLES / n);
            double[] block = new double[Math.min(n, rowsPerBlock) * n];
            for (int r0 = 0; r0 < n; r0 += rowsPerBlock) {
                int from = r0;
                int r1 = Math.min(n, r0 + rowsPerBlock);
                parallelFor(pool, from, r1, i -> gramRow(m, kept, localOf, params.lambda(), i, block,
                        (i - from) * n));
                try (NDManager sub = manager.newSubManager()) {
                    NDArray part = sub.create(DoubleBuffer.wrap(block, 0, (r1 - r0) * n), new Shape(r1 - r0, n),
                            DataType.FLOAT64);
                    g.set(new NDIndex(r0 + ":" + r1), type == DataType.FLOAT64 ? part : part.toType(type, false));
                }
            }
            long t1 = System.nanoTime();
            NDArray p = g.inverse();
            g.close();
            long t2 = System.nanoTime();
            float[] diag;
            try (NDManager sub = manager.newSubManager()) {
                NDArray d = p.diagonal();
                d.attach(sub);
                diag = d.toType(DataType.FLOAT32, false).toFloatArray();
            }
            for (int j = 0; j < n; j++) {
                if (!(diag[j] > 0 && Float.isFinite(diag[j]))) {
                    throw new IllegalStateException("EASE solve failed: P[" + j + "][" + j + "] = " + diag[j]
                            + " for lambda=" + params.lambda() + "; increase lambda or set float64=true");
                }
            }
            EaseWeights w = params.topK() == 0 ? dense(p, diag, n, rowsPerBlock, pool)
                    : pruned(p, diag, n, Math.min(params.topK(), Math.max(n - 1, 0)), rowsPerBlock, pool);
            p.close();
            long t3 = System.nanoTime();
            LOG.info("EASE on {} items ({}, {} threads): Gram {} s, inverse {} s, weights {} s", n, type,
                    params.threads(), secs(t1 - t0), secs(t2 - t1), secs(t3 - t2));
            return w;
        } finally {
            pool.shutdownNow();
            JniUtils.setNumThreads(previousThreads);
        }
    }

    /** Writes row {@code i} of G (local indexes) into {@code out[base..base+n)}. */
    private static void gramRow(InteractionMatrix m, int[] kept, int[] localOf, double lambda, int i, double[] out,
                                int base) {
        int n = kept.length;
        Arrays.fill(out, base, base + n, 0.0);
        int item = kept[i];
        for (int k = m.itemStart(item); k < m.itemEnd(item); k++) {
            int u = m.itemUser(k);
            double xu = m.itemValue(k);
            for (int q = m.userStart(u); q < m.userEnd(u); q++) {
                int j = localOf == null ? m.userItem(q) : localOf[m.userItem(q)];
                if (j >= 0) {
                    out[base + j] += xu * m.userValue(q);
                }
            }
        }
        out[base + i] += lambda;
    }

    private static EaseWeights dense(NDArray p, float[] diag, int n, int rowsPerBlock, ExecutorService pool) {
        float[] b = new float[n * n];
        for (int r0 = 0; r0 < n; r0 += rowsPerBlock) {
            int from = r0;
            int r1 = Math.min(n, r0 + rowsPerBlock);
            float[] rows = readRows(p, r0, r1);
            parallelFor(pool, from, r1, i -> {
                int src = (i - from) * n;
                int dst = i * n;
                for (int j = 0; j < n; j++) {
                    b[dst + j] = -rows[src + j] / diag[j];
                }
                b[dst + i] = 0f;
            });
        }
        return new EaseWeights.Dense(n, b);
    }

    /**
     * Column j of B is {@code -P[:, j] / P[j][j]}, read from row j of the symmetric P; each column keeps its k
     * weights of largest magnitude (ties to the lower row), zeros dropped.
     */
    private static EaseWeights pruned(NDArray p, float[] diag, int n, int k, int rowsPerBlock,
                                      ExecutorService pool) {
        int[] counts = new int[n];
        int[] slotRows = new int[n * k];
        float[] slotValues = new float[n * k];
        for (int r0 = 0; r0 < n; r0 += rowsPerBlock) {
            int from = r0;
            int r1 = Math.min(n, r0 + rowsPerBlock);
            float[] rows = readRows(p, r0, r1);
            parallelFor(pool, from, r1, j -> counts[j] = topColumn(rows, (j - from) * n, n, j, diag[j], k,
                    slotRows, slotValues, j * k));
        }
        int[] colPtr = new int[n + 1];
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] = colPtr[j] + counts[j];
        }
        int[] colRows = new int[colPtr[n]];
        float[] colValues = new float[colPtr[n]];
        for (int j = 0; j < n; j++) {
            System.arraycopy(slotRows, j * k, colRows, colPtr[j], counts[j]);
            System.arraycopy(slotValues, j * k, colValues, colPtr[j], counts[j]);
        }
        return new EaseWeights.Pruned(n, colPtr, colRows, colValues);
    }

    /** Selects column j's k largest |B[i][j]| from P's row at {@code src}; returns how many were kept. */
    private static int topColumn(float[] rows, int src, int n, int j, float pjj, int k, int[] outRows,
                                 float[] outValues, int dst) {
        int[] heap = new int[k];
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (i == j || rows[src + i] == 0f) {
                continue;
            }
            if (size < k) {
                heap[size] = i;
                siftUp(heap, size++, rows, src);
            } else if (stronger(rows, src, i, heap[0])) {
                heap[0] = i;
                siftDown(heap, size, rows, src);
            }
        }
        Arrays.sort(heap, 0, size);
        for (int h = 0; h < size; h++) {
            outRows[dst + h] = heap[h];
            outValues[dst + h] = -rows[src + heap[h]] / pjj;
        }
        return size;
    }

    /** True when row a's weight beats row b's: larger magnitude, ties to the lower row. */
    private static boolean stronger(float[] rows, int src, int a, int b) {
        float ma = Math.abs(rows[src + a]);
        float mb = Math.abs(rows[src + b]);
        return ma > mb || (ma == mb && a < b);
    }

    private static void siftUp(int[] h, int i, float[] rows, int src) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (stronger(rows, src, h[parent], h[i])) {
                int t = h[parent];
                h[parent] = h[i];
                h[i] = t;
                i = parent;
            } else {
                return;
            }
        }
    }

    private static void siftDown(int[] h, int size, float[] rows, int src) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int weakest = l;
            if (l + 1 < size && stronger(rows, src, h[l], h[l + 1])) {
                weakest = l + 1;
            }
            if (stronger(rows, src, h[i], h[weakest])) {
                int t = h[i];
                h[i] = h[weakest];
                h[weakest] = t;
                i = weakest;
            } else {
                return;
            }
        }
    }

    /** Rows [r0, r1) of {@code p} as floats, row-major. */
    private static float[] readRows(NDArray p, int r0, int r1) {
        try (NDManager sub = p.getManager().newSubManager()) {
            NDArray rows = p.get(new NDIndex(r0 + ":" + r1));
            rows.attach(sub);
            NDArray f = rows.getDataType() == DataType.FLOAT32 ? rows : rows.toType(DataType.FLOAT32, false);
            f.attach(sub);
            return f.toFloatArray();
        }
    }

    /** Runs {@code body} for every index in [from, to) on {@code pool}, in contiguous ranges, and waits. */
    private static void parallelFor(ExecutorService pool, int from, int to, IntConsumer body) {
        int count = to - from;
        int tasks = Math.min(count, 64);
        if (tasks <= 1) {
            for (int i = from; i < to; i++) {
                body.accept(i);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int a = from + (int) ((long) count * t / tasks);
            int b = from + (int) ((long) count * (t + 1) / tasks);
            futures.add(pool.submit(() -> {
                for (int i = a; i < b; i++) {
                    body.accept(i);
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("EASE training interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("EASE training failed: " + cause, cause);
        }
    }

    private static String secs(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
    }
}
