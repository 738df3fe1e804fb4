package io.shoplens.core.eval;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.metrics.CatalogueMetrics;
import io.shoplens.core.metrics.MetricAccumulator;
import io.shoplens.core.model.BatchRecommender;
import io.shoplens.core.model.DotProductModel;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TopK;
import io.shoplens.core.split.Holdout;
import io.shoplens.core.split.Split;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>Scale: the users of a part are {@link Protocol#sample sampled} when the protocol says so. Full ranking streams
 * every user's scores through a running top-K and rank counters instead of sorting, and a {@link DotProductModel}
 * is scored in blocks of {@value #DOT_USERS} users against tiles of {@value #TILE} items (a blocked matrix
 * product), so millions of items cost no more memory than a tile per user. Users are evaluated in parallel; results
 * do not depend on the number of threads. A {@link BatchRecommender} is first asked to prepare every evaluated user
 * at once (its scores must not change by that).
 *
 * <p>Every metric comes with the half-width of its 95% confidence interval: the normal approximation for per-user
 * means, a seeded bootstrap over users ({@value #BOOTSTRAP} resamples) for the catalogue metrics.
 */
public final class Evaluator {
    /** Users per task under a sampled protocol. */
    private static final int SAMPLED_BLOCK = 256;
    /** Users per task under full ranking of a model scored user by user. */
    private static final int GENERIC_BLOCK = 16;
    /** Users scored together against each item tile by a {@link DotProductModel}. */
    static final int DOT_USERS = 64;
    /** Items per tile of a {@link DotProductModel}. */
    static final int TILE = 2048;
    /** Bootstrap resamples of the catalogue metrics' intervals. */
    static final int BOOTSTRAP = 200;

    private final Protocol protocol;
    private final int threads;
    private final ThreadLocal<float[]> fullScores = new ThreadLocal<>();

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
        int[] chosen = protocol.sample(holdout.users());
        int n = chosen.length;
        int[] users = new int[n];
        int[][] targets = new int[n][];
        for (int j = 0; j < n; j++) {
            users[j] = holdout.users()[chosen[j]];
            targets[j] = holdout.targets()[chosen[j]];
        }
        long[] popularity = split.train().itemCounts();
        boolean sampled = protocol.candidates() == Protocol.Candidates.SAMPLED;
        NegativeSampler sampler = sampled ? new NegativeSampler(protocol.sampling(), popularity) : null;
        Recommender scored = model instanceof BatchRecommender b ? b.prepare(history, users) : model;
        int per = sampled ? SAMPLED_BLOCK : scored instanceof DotProductModel ? DOT_USERS : GENERIC_BLOCK;
        int listK = protocol.catalogueK();
        int blocks = (n + per - 1) / per;
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
                int from = b * per;
                int to = Math.min(n, from + per);
                futures.add(pool.submit(() -> {
                    Block block = sampled
                            ? sampledBlock(scored, split.all(), history, users, targets, from, to, sampler, listK)
                            : scored instanceof DotProductModel dot
                            ? dotBlock(dot, history, users, targets, from, to, listK)
                            : fullBlock(scored, history, users, targets, from, to, listK);
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
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("evaluation failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        MetricAccumulator acc = new MetricAccumulator(protocol.metrics(), protocol.ks());
        CatalogueMetrics cat = new CatalogueMetrics(model.numItems(), popularity);
        for (Block b : results) {
            acc.merge(b.accuracy);
            for (int[] list : b.lists) {
                cat.addList(list);
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>(acc.means());
        Map<String, Double> intervals = new LinkedHashMap<>(acc.halfWidths());
        int k = protocol.catalogueK();
        Map<String, Double> catIntervals = cat.halfWidths(BOOTSTRAP, protocol.seed());
        metrics.put("Coverage@" + k, cat.itemCoverage());
        metrics.put("ARP@" + k, cat.averagePopularity());
        metrics.put("PopBias@" + k, cat.popularityBias());
        metrics.put("Gini@" + k, cat.giniIndex());
        intervals.put("Coverage@" + k, catIntervals.get("Coverage"));
        intervals.put("ARP@" + k, catIntervals.get("ARP"));
        intervals.put("PopBias@" + k, catIntervals.get("PopBias"));
        intervals.put("Gini@" + k, catIntervals.get("Gini"));
        return new EvaluationResult(part.label(), protocol, split.name(), acc.users(), metrics, intervals,
                (System.nanoTime() - t0) / 1e9);
    }

    /** One task's per-user metrics and the users' top lists, in user order. */
    private record Block(MetricAccumulator accuracy, int[][] lists) {
    }

    private Block sampledBlock(Recommender model, InteractionStore all, InteractionStore history, int[] users,
                               int[][] targets, int from, int to, NegativeSampler sampler, int listK) {
        MetricAccumulator acc = new MetricAccumulator(protocol.metrics(), protocol.ks());
        int[][] lists = new int[to - from][];
        for (int j = from; j < to; j++) {
            UserHistory h = history.history(users[j]);
            lists[j - from] = evaluateSampled(model, all, h, targets[j], sampler, acc, listK);
        }
        return new Block(acc, lists);
    }

    private Block fullBlock(Recommender model, InteractionStore history, int[] users, int[][] targets, int from,
                            int to, int listK) {
        MetricAccumulator acc = new MetricAccumulator(protocol.metrics(), protocol.ks());
        int[][] lists = new int[to - from][];
        int numItems = model.numItems();
        float[] scores = fullScores.get();
        if (scores == null || scores.length < numItems) {
            scores = new float[numItems];
            fullScores.set(scores);
        }
        for (int j = from; j < to; j++) {
            UserHistory h = history.history(users[j]);
            model.scoreAll(h, scores);
            int[] t = targets[j];
            float[] st = new float[t.length];
            for (int i = 0; i < t.length; i++) {
                st[i] = scores[t[i]];
            }
            Ranking r = new Ranking(model, h, t, st, listK);
            r.absorb(scores, 0, numItems);
            lists[j - from] = r.finish(acc);
        }
        return new Block(acc, lists);
    }

    private Block dotBlock(DotProductModel model, InteractionStore history, int[] users, int[][] targets, int from,
                           int to, int listK) {
        MetricAccumulator acc = new MetricAccumulator(protocol.metrics(), protocol.ks());
        int g = to - from;
        float[][] vectors = new float[g][];
        Ranking[] rankings = new Ranking[g];
        for (int j = from; j < to; j++) {
            UserHistory h = history.history(users[j]);
            vectors[j - from] = model.userVector(h);
            int[] t = targets[j];
            float[] st = new float[t.length];
            model.score(h, t, st);
            rankings[j - from] = new Ranking(model, h, t, st, listK);
        }
        int numItems = model.numItems();
        float[][] tile = new float[g][TILE];
        for (int start = 0; start < numItems; start += TILE) {
            int end = Math.min(numItems, start + TILE);
            model.scoreTile(vectors, g, start, end, tile);
            for (int u = 0; u < g; u++) {
                rankings[u].absorb(tile[u], start, end - start);
            }
        }
        int[][] lists = new int[g][];
        for (int u = 0; u < g; u++) {
            lists[u] = rankings[u].finish(acc);
        }
        return new Block(acc, lists);
    }

    /**
     * One user's full ranking, fed item scores in ascending item order (one array or tile after another): counts
     * the candidates, each target's rank and the top list, masking the history items that are not targets.
     */
    private final class Ranking {
        private final Recommender model;
        private final int user;
        private final int[] targets;
        private final float[] targetScores;
        private final int[] ranks;
        private final int[] mask;
        private final TopK.Running top;
        private final int listK;
        private int maskAt;
        private int candidates;

        Ranking(Recommender model, UserHistory h, int[] targets, float[] targetScores, int listK) {
            this.model = model;
            this.user = h.user();
            this.targets = targets;
            this.targetScores = targetScores;
            this.listK = listK;
            for (int i = 0; i < targets.length; i++) {
                if (Float.isNaN(targetScores[i])) {
                    throw new IllegalStateException("model " + model.provenance().algorithm()
                            + " gave NaN for item " + targets[i]);
                }
            }
            IntOpenHashSet targetSet = new IntOpenHashSet(targets);
            this.mask = Arrays.stream(h.items()).filter(i -> !targetSet.contains(i)).distinct().sorted().toArray();
            this.ranks = new int[targets.length];
            this.top = new TopK.Running(listK);
        }

        /** Takes the scores {@code s[0..len)} of items {@code [from, from + len)}; masked entries become NaN. */
        void absorb(float[] s, int from, int len) {
            int end = from + len;
            while (maskAt < mask.length && mask[maskAt] < end) {
                if (mask[maskAt] >= from) {
                    s[mask[maskAt] - from] = Float.NaN;
                }
                maskAt++;
            }
            int nt = targets.length;
            for (int t = 0; t < len; t++) {
                float v = s[t];
                if (v != v) {
                    continue;
                }
                candidates++;
                if (!top.full() || v >= top.worstScore()) {
                    top.offer(from + t, v);
                }
                for (int i = 0; i < nt; i++) {
                    float st = targetScores[i];
                    if (v > st) {
                        ranks[i]++;
                    } else if (v == st && from + t != targets[i] && tieAhead(from + t, targets[i], user)) {
                        ranks[i]++;
                    }
                }
            }
        }

        /** Adds the user's metrics to {@code acc} and returns the top list. */
        int[] finish(MetricAccumulator acc) {
            acc.addUser(ranks, targets.length, candidates);
            int[] list = new int[listK];
            return Arrays.copyOf(list, top.drain(list));
        }
    }

    private int[] evaluateSampled(Recommender model, InteractionStore all, UserHistory h, int[] targets,
                                  NegativeSampler sampler, MetricAccumulator acc, int listK) {
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
        Arrays.sort(order, (a, b) -> ahead(scores[a], candidates[a], scores[b], candidates[b], u) ? -1
                : ahead(scores[b], candidates[b], scores[a], candidates[a], u) ? 1 : 0);
        int n = Math.min(listK, order.length);
        int[] list = new int[n];
        for (int i = 0; i < n; i++) {
            list[i] = candidates[order[i]];
        }
        return list;
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
