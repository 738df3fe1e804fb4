package io.shoplens.core.eval;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.metrics.CatalogueMetrics;
import io.shoplens.core.metrics.MetricAccumulator;
import io.shoplens.core.model.BatchRecommender;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.split.Holdout;
import io.shoplens.core.split.Split;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Evaluates a {@link Recommender} on a split part under a {@link Protocol}.
 *
 * <p>Ranks: a target's rank is the number of candidates scored strictly higher plus the number of equally scored
 * candidates that a seeded hash puts ahead of it, so ties are broken at random but reproducibly, and a model that
 * scores everything equal gets chance-level numbers. Sampled negatives are drawn without repetition from items the
 * user never touched anywhere in the data. Full ranking masks the user's history items except the targets.
 * Users are evaluated in parallel; results do not depend on the number of threads. A {@link BatchRecommender} is
 * first asked to prepare every user of the part at once (its scores must not change by that).
 */
public final class Evaluator {
    private static final int BLOCK = 256;

    private final Protocol protocol;
    private final int threads;

    /** An evaluator for {@code protocol} on {@code threads} threads (at least 1). */
    public Evaluator(Protocol protocol, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.protocol = protocol;
        this.threads = threads;
    }

    /** Which part of a split to score. */
    public enum Part {
        VALIDATION, TEST;

        /** Lower-case name for reports. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Scores {@code model} on {@code part} of {@code split}; {@code progress} receives the number of users done.
     */
    public EvaluationResult evaluate(Recommender model, Split split, Part part, LongConsumer progress) {
        long t0 = System.nanoTime();
        Holdout holdout = part == Part.VALIDATION ? split.validation() : split.test();
        InteractionStore history = part == Part.VALIDATION ? split.train() : split.trainAndValidation();
        long[] popularity = split.train().itemCounts();
        NegativeSampler sampler = protocol.candidates() == Protocol.Candidates.SAMPLED
                ? new NegativeSampler(protocol.sampling(), popularity) : null;
        Recommender scored = model instanceof BatchRecommender b ? b.prepare(history, holdout.users()) : model;
        int blocks = (holdout.size() + BLOCK - 1) / BLOCK;
        List<Block> results = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "shoplens-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Block>> futures = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                int from = b * BLOCK;
                int to = Math.min(holdout.size(), from + BLOCK);
                futures.add(pool.submit(() -> {
                    Block block = runBlock(scored, split.all(), history, holdout, from, to, popularity, sampler);
                    if (progress != null) {
                        progress.accept(done.addAndGet(to - from));
                    }
                    return block;
                }));
            }
            for (Future<Block> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("evaluation failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        MetricAccumulator acc = new MetricAccumulator(protocol.metrics(), protocol.ks());
        CatalogueMetrics cat = new CatalogueMetrics(model.numItems(), popularity);
        for (Block b : results) {
            acc.merge(b.accuracy);
            cat.merge(b.catalogue);
        }
        Map<String, Double> metrics = new LinkedHashMap<>(acc.means());
        int k = protocol.catalogueK();
        metrics.put("Coverage@" + k, cat.itemCoverage());
        metrics.put("ARP@" + k, cat.averagePopularity());
        metrics.put("PopBias@" + k, cat.popularityBias());
        metrics.put("Gini@" + k, cat.giniIndex());
        return new EvaluationResult(part.label(), protocol, split.name(), acc.users(), metrics,
                (System.nanoTime() - t0) / 1e9);
    }

    private record Block(MetricAccumulator accuracy, CatalogueMetrics catalogue) {
    }

    private Block runBlock(Recommender model, InteractionStore all, InteractionStore history, Holdout holdout,
                           int from, int to, long[] popularity, NegativeSampler sampler) {
        MetricAccumulator acc = new MetricAccumulator(protocol.metrics(), protocol.ks());
        CatalogueMetrics cat = new CatalogueMetrics(model.numItems(), popularity);
        float[] all1 = protocol.candidates() == Protocol.Candidates.FULL ? new float[model.numItems()] : null;
        int listK = protocol.catalogueK();
        for (int j = from; j < to; j++) {
            int u = holdout.users()[j];
            int[] targets = holdout.targets()[j];
            UserHistory h = history.history(u);
            if (sampler != null) {
                evaluateSampled(model, all, h, targets, sampler, acc, cat, listK);
            } else {
                evaluateFull(model, h, targets, all1, acc, cat, listK);
            }
        }
        return new Block(acc, cat);
    }

    private void evaluateSampled(Recommender model, InteractionStore all, UserHistory h, int[] targets,
                                 NegativeSampler sampler, MetricAccumulator acc, CatalogueMetrics cat, int listK) {
        int u = h.user();
        IntOpenHashSet touched = new IntOpenHashSet();
        for (int p = all.userStart(u); p < all.userEnd(u); p++) {
            touched.add(all.itemAt(p));
        }
        for (int t : targets) {
            touched.add(t);
        }
        SplittableRandom rnd = new SplittableRandom(mix(protocol.seed(), u));
        int[] negatives = sampler.sample(protocol.negatives(), touched, model.numItems(), rnd);
        int[] candidates = new int[targets.length + negatives.length];
        System.arraycopy(targets, 0, candidates, 0, targets.length);
        System.arraycopy(negatives, 0, candidates, targets.length, negatives.length);
        float[] scores = new float[candidates.length];
        model.score(h, candidates, scores);
        int[] ranks = new int[targets.length];
        for (int i = 0; i < targets.length; i++) {
            int rank = 0;
            for (int c = 0; c < candidates.length; c++) {
                if (c != i && ahead(scores[c], candidates[c], scores[i], candidates[i], u)) {
                    rank++;
                }
            }
            ranks[i] = rank;
        }
        acc.addUser(ranks, targets.length, candidates.length);
        Integer[] order = new Integer[candidates.length];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        java.util.Arrays.sort(order, (a, b) -> ahead(scores[a], candidates[a], scores[b], candidates[b], u) ? -1
                : ahead(scores[b], candidates[b], scores[a], candidates[a], u) ? 1 : 0);
        int n = Math.min(listK, order.length);
        int[] list = new int[n];
        for (int i = 0; i < n; i++) {
            list[i] = candidates[order[i]];
        }
        cat.addList(list);
    }

    private void evaluateFull(Recommender model, UserHistory h, int[] targets, float[] scores,
                              MetricAccumulator acc, CatalogueMetrics cat, int listK) {
        int u = h.user();
        model.scoreAll(h, scores);
        IntOpenHashSet targetSet = new IntOpenHashSet(targets);
        for (int item : h.items()) {
            if (!targetSet.contains(item)) {
                scores[item] = Float.NaN;
            }
        }
        int numCandidates = 0;
        for (float s : scores) {
            if (!Float.isNaN(s)) {
                numCandidates++;
            }
        }
        int[] ranks = new int[targets.length];
        for (int i = 0; i < targets.length; i++) {
            int t = targets[i];
            float st = scores[t];
            if (Float.isNaN(st)) {
                throw new IllegalStateException("model " + model.provenance().algorithm() + " gave NaN for item "
                        + t);
            }
            int rank = 0;
            for (int c = 0; c < scores.length; c++) {
                float sc = scores[c];
                if (sc > st || (sc == st && c != t && tieAhead(c, t, u))) {
                    rank++;
                }
            }
            ranks[i] = rank;
        }
        acc.addUser(ranks, targets.length, numCandidates);
        List<ScoredItem> top = Recommender.topK(scores, listK, null);
        int[] list = new int[top.size()];
        for (int i = 0; i < list.length; i++) {
            list[i] = top.get(i).item();
        }
        cat.addList(list);
    }

    private boolean ahead(float sa, int a, float sb, int b, int user) {
        return sa > sb || (sa == sb && a != b && tieAhead(a, b, user));
    }

    /** Whether item {@code a} beats item {@code b} in a tie for {@code user}: a seeded, symmetric coin. */
    private boolean tieAhead(int a, int b, int user) {
        long ha = mix(mix(protocol.seed(), user), a);
        long hb = mix(mix(protocol.seed(), user), b);
        return ha > hb || (ha == hb && a < b);
    }

    static long mix(long seed, long value) {
        long z = seed + 0x9E3779B97F4A7C15L * (value + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
