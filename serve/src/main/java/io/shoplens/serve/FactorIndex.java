package io.shoplens.serve;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.DotProductModel;
import io.shoplens.core.model.ScoredItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntPredicate;

/**
 * Approximate top-K retrieval for a {@link DotProductModel} (iALS, BPR, the deep models' output layers): a jvector
 * graph index (Vamana/HNSW family, Jayaram Subramanya et al., "DiskANN", NeurIPS 2019) over the item vectors,
 * queried with the user vector, its candidates re-ranked with the model's exact scores.
 *
 * <p>Maximum inner product search is reduced to nearest-neighbour search on the unit sphere (Bachrach et al.,
 * "Speeding up the Xbox recommender system using a Euclidean transformation for inner-product spaces", RecSys
 * 2014): item {@code i} becomes {@code v_i = [y_i, b_i, sqrt(M² - |y_i|² - b_i²)] / M} with {@code M} the largest
 * norm of {@code [y_i, b_i]}, the user {@code q = [x, 1, 0]}, so {@code q·v_i = s_i / M} orders the items as the
 * model does and every {@code v_i} has norm 1 (the graph's dot-product similarity is then the cosine). The item
 * vectors are not copied: they are read from the model (4 bytes per item are kept for the last coordinate).
 *
 * <p>Seen and excluded items are filtered inside the graph search and again after it, so they are never returned.
 * The candidates, {@code max(3k, }{@value #MIN_CANDIDATES}{@code )} of them, are scored exactly as
 * {@code (Σ_c x[c]·y_i[c]) + b_i} in index order, the floats of {@link DotProductModel#scoreAll}.
 *
 * <p>Memory: the graph, about {@code 16 × 1.2 × 8} bytes of edges plus some 100 bytes of node overhead per item.
 * Thread-safe: each thread searches with its own searcher.
 */
public final class FactorIndex {
    /** Graph degree (jvector's M). */
    public static final int DEGREE = 16;
    /** Beam width while building. */
    public static final int BUILD_BEAM = 64;
    /** Fewest candidates taken from the graph per query. */
    public static final int MIN_CANDIDATES = 300;
    /** Candidates per item asked for: {@code max(CANDIDATES_PER_ITEM × k, MIN_CANDIDATES)}. */
    public static final int CANDIDATES_PER_ITEM = 3;
    /**
     * The rule of {@link AnnMode#AUTO}: an index is built when one exact scoring pass, {@code items × dimension}
     * multiply-adds, is at least this many; below it exact scoring stays. Measured (serve/README.md): 400,000 items
     * at rank 32 (12.8M) took 22.7 ms per user exactly on a machine loaded 8 times over its 2 cores, and the
     * index build grows with the items (859 s for those 400,000 under that load), so the index pays off only
     * from catalogues where exact scoring alone breaks a 20 ms budget even on an idle core.
     */
    public static final long AUTO_MIN_WORK = 32_000_000L;

    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
    private static final VectorSimilarityFunction SIM = VectorSimilarityFunction.DOT_PRODUCT;

    /** Whether serving builds indexes over dot-product models. */
    public enum AnnMode {
        /** By {@link #AUTO_MIN_WORK}. */
        AUTO,
        /** Always, for every dot-product model. */
        ON,
        /** Never: exact scoring. */
        OFF;

        /** {@code auto}, {@code on} or {@code off}. */
        public static AnnMode parse(String text) {
            return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "auto" -> AUTO;
                case "on", "true" -> ON;
                case "off", "false" -> OFF;
                default -> throw new IllegalArgumentException("ANN mode '" + text + "' is not auto, on or off");
            };
        }

        /** Whether this mode builds an index over {@code m}. */
        public boolean wants(DotProductModel m) {
            return this == ON || this == AUTO && (long) m.numItems() * m.dimension() >= AUTO_MIN_WORK;
        }
    }

    private final DotProductModel model;
    private final ItemVectors vectors;
    private final OnHeapGraphIndex graph;
    private final double buildSeconds;
    private final ThreadLocal<Searcher> searchers;

    private FactorIndex(DotProductModel model, ItemVectors vectors, OnHeapGraphIndex graph, double buildSeconds) {
        this.model = model;
        this.vectors = vectors;
        this.graph = graph;
        this.buildSeconds = buildSeconds;
        this.searchers = ThreadLocal.withInitial(() -> new Searcher(new GraphSearcher(graph), vectors.copy()));
    }

    private record Searcher(GraphSearcher searcher, ItemVectors vectors) {
    }

    /** Builds the index over {@code model}'s items on one thread per core. */
    public static FactorIndex build(DotProductModel model) {
        if (model.numItems() < 1) {
            throw new IllegalArgumentException("cannot index a model with no items");
        }
        long t0 = System.nanoTime();
        ItemVectors v = ItemVectors.of(model);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try (GraphIndexBuilder b = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(v, SIM),
                v.dimension(), DEGREE, BUILD_BEAM, 1.2f, 1.2f, pool, pool)) {
            OnHeapGraphIndex g = b.build(v);
            return new FactorIndex(model, v, g, (System.nanoTime() - t0) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("closing the jvector index builder failed", e);
        } finally {
            pool.shutdown();
        }
    }

    /** Seconds the build took. */
    public double buildSeconds() {
        return buildSeconds;
    }

    /** Items indexed. */
    public int size() {
        return graph.size();
    }

    /**
     * The {@code k} best items for {@code history} among those not excluded, best first (ties to the lower index),
     * with the model's exact scores; fewer when the graph finds fewer admissible items.
     */
    public List<ScoredItem> recommend(UserHistory history, int k, IntPredicate exclude) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        float[] x = model.userVector(history);
        int d = model.dimension();
        VectorFloat<?> q = VTS.createFloatVector(d + 2);
        for (int c = 0; c < d; c++) {
            q.set(c, x[c]);
        }
        q.set(d, 1f);
        Searcher s = searchers.get();
        int want = Math.min(Math.max(CANDIDATES_PER_ITEM * k, MIN_CANDIDATES), model.numItems());
        SearchResult r = s.searcher().search(SearchScoreProvider.exact(q, SIM, s.vectors()), want,
                i -> !exclude.test(i));
        SearchResult.NodeScore[] nodes = r.getNodes();
        int[] cand = new int[nodes.length];
        float[] scores = new float[nodes.length];
        float[] y = new float[d];
        int n = 0;
        for (SearchResult.NodeScore ns : nodes) {
            if (exclude.test(ns.node)) {
                continue;
            }
            model.itemVector(ns.node, y);
            float sc = 0f;
            for (int c = 0; c < d; c++) {
                sc += x[c] * y[c];
            }
            cand[n] = ns.node;
            scores[n++] = sc + model.itemBias(ns.node);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a])
                : Integer.compare(cand[a], cand[b]));
        int m = Math.min(k, n);
        List<ScoredItem> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            out.add(new ScoredItem(cand[order[i]], scores[order[i]]));
        }
        return out;
    }

    /**
     * How well the index agrees with exact scoring on a sample of users.
     *
     * @param users  users measured
     * @param k      the cut-off: recall@k is |ANN top-k ∩ exact top-k| / |exact top-k|, averaged over users
     * @param recall mean recall@k, 0..1
     * @param exactMs mean milliseconds of one exact top-k (every item scored)
     * @param annMs  mean milliseconds of one ANN top-n (graph search and exact re-ranking)
     */
    public record Recall(int users, int k, double recall, double exactMs, double annMs) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "recall@%d %.3f against exact on %d sampled users "
                    + "(exact %.2f ms, ANN %.2f ms per user)", k, recall, users, exactMs, annMs);
        }
    }

    /**
     * Recall@{@code k} of this index's top-{@code n} list (the list serving caches, cut to {@code k}) against the
     * exact top-{@code k}, seen items excluded from both, over {@code sample} (users with empty histories skipped).
     */
    public Recall recall(List<UserHistory> sample, int n, int k) {
        double sum = 0;
        long exactNs = 0;
        long annNs = 0;
        int users = 0;
        for (UserHistory h : sample) {
            if (h.length() == 0) {
                continue;
            }
            IntPredicate seen = RecommendService.seen(h, new int[0]);
            long t0 = System.nanoTime();
            List<ScoredItem> exact = model.recommend(h, k, seen);
            long t1 = System.nanoTime();
            List<ScoredItem> ann = recommend(h, Math.max(n, k), seen);
            long t2 = System.nanoTime();
            exactNs += t1 - t0;
            annNs += t2 - t1;
            if (exact.isEmpty()) {
                continue;
            }
            java.util.Set<Integer> want = new java.util.HashSet<>();
            exact.forEach(e -> want.add(e.item()));
            int hit = 0;
            for (int i = 0; i < Math.min(k, ann.size()); i++) {
                hit += want.contains(ann.get(i).item()) ? 1 : 0;
            }
            sum += (double) hit / want.size();
            users++;
        }
        if (users == 0) {
            throw new IllegalArgumentException("no sampled user has a history to measure recall on");
        }
        return new Recall(users, k, sum / users, exactNs / 1e6 / users, annNs / 1e6 / users);
    }

    /** The transformed item vectors, computed from the model on each read (one shared buffer per copy). */
    private static final class ItemVectors implements RandomAccessVectorValues {
        private final DotProductModel model;
        private final float[] last;
        private final float scale;
        private final float[] y;
        private final VectorFloat<?> buffer;

        private ItemVectors(DotProductModel model, float[] last, float scale) {
            this.model = model;
            this.last = last;
            this.scale = scale;
            this.y = new float[model.dimension()];
            this.buffer = VTS.createFloatVector(model.dimension() + 2);
        }

        static ItemVectors of(DotProductModel model) {
            int d = model.dimension();
            float[] y = new float[d];
            double[] norm2 = new double[model.numItems()];
            double max = 0;
            for (int i = 0; i < norm2.length; i++) {
                model.itemVector(i, y);
                double s = (double) model.itemBias(i) * model.itemBias(i);
                for (float v : y) {
                    s += (double) v * v;
                }
                norm2[i] = s;
                max = Math.max(max, s);
            }
            if (max == 0) {
                max = 1;
            }
            float[] last = new float[norm2.length];
            for (int i = 0; i < last.length; i++) {
                last[i] = (float) Math.sqrt(Math.max(0, max - norm2[i]));
            }
            return new ItemVectors(model, last, (float) (1 / Math.sqrt(max)));
        }

        @Override
        public int size() {
            return model.numItems();
        }

        @Override
        public int dimension() {
            return model.dimension() + 2;
        }

        @Override
        public VectorFloat<?> getVector(int item) {
            int d = y.length;
            model.itemVector(item, y);
            for (int c = 0; c < d; c++) {
                buffer.set(c, y[c] * scale);
            }
            buffer.set(d, model.itemBias(item) * scale);
            buffer.set(d + 1, last[item] * scale);
            return buffer;
        }

        @Override
        public boolean isValueShared() {
            return true;
        }

        @Override
        public ItemVectors copy() {
            return new ItemVectors(model, last, scale);
        }
    }
}
