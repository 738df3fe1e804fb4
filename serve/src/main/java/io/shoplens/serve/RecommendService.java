package io.shoplens.serve;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;

/**
 * Answers recommendation requests from the current {@link ModelSet} and the live overlay. A user's history is
 * the served data's history followed by the live events not yet inside it, so an acknowledged event changes
 * the next answer. Each user's top {@value #TOP_N} (seen items removed) is cached per model set and recomputed
 * when the user's live-history version changes; requests for more items or with exclusions that leave fewer
 * than k are computed directly.
 *
 * <p>Unknown users: a user with no history at all (not in the data, no live events) gets the popularity
 * ranking, flagged {@code coldStart}. Thread-safe.
 */
public final class RecommendService {
    /** Length of the cached list per user. */
    public static final int TOP_N = 100;
    /** Largest k a request may ask for. */
    public static final int MAX_K = 1_000;
    /** Most cached users per model before the cache is emptied, whatever the heap. */
    static final int MAX_CACHED_USERS = 500_000;
    /**
     * Bytes one cached list takes, about: {@value #TOP_N} items and scores (800 bytes), a rendered k=10 answer
     * (about 600 bytes), the key, the entry and the arrays' headers.
     */
    static final int CACHED_BYTES = 1_600;
    /** Share of the maximum heap the caches of all models may take together. */
    static final double CACHE_HEAP_SHARE = 0.125;

    /**
     * One answer.
     *
     * @param set          the model set that answered
     * @param model        the model's name
     * @param coldStart    the user had no history; the items are the most popular ones
     * @param items        item indexes, best first
     * @param scores       their scores (event counts for cold start)
     * @param history      the merged history used
     * @param explanations one per item when asked for, else null
     * @param cached       the cache entry the answer came from (for the rendered-response memo), or null
     */
    public record Answer(ModelSet set, String model, boolean coldStart, int[] items, float[] scores,
                         UserHistory history, List<Explanation> explanations, ModelSet.Cached cached) {
    }

    private final AtomicReference<ModelSet> current;
    private final LiveHistory live;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public RecommendService(AtomicReference<ModelSet> current, LiveHistory live) {
        this.current = current;
        this.live = live;
    }

    /** The current model set. */
    public ModelSet current() {
        return current.get();
    }

    /** Cache hits since start. */
    public long hits() {
        return hits.sum();
    }

    /** Cache misses since start. */
    public long misses() {
        return misses.sum();
    }

    /** The model named {@code name} in {@code set} (null: the default), or 400 naming {@code model}. */
    public static String modelName(ModelSet set, String name) {
        if (name == null) {
            return set.defaultModel();
        }
        if (!set.models().containsKey(name)) {
            throw ApiError.badField("model", "model '" + name + "' is not served; served models: "
                    + String.join(", ", set.models().keySet()));
        }
        return name;
    }

    /** {@code user}'s history: the served data's events, then the live ones not yet inside it. */
    public UserHistory history(ModelSet set, String user) {
        ServedData data = set.data();
        InteractionStore store = data.store();
        int u = store.users().indexOf(user);
        LiveHistory.Events ev = live.of(user);
        int from = ev.firstAfter(data.journalSeq());
        int extra = ev.items().length - from;
        if (u >= 0 && extra == 0) {
            return store.history(u);
        }
        int base = u >= 0 ? store.userLength(u) : 0;
        int[] items = new int[base + extra];
        byte[] behaviors = new byte[base + extra];
        long[] times = new long[base + extra];
        if (u >= 0) {
            UserHistory h = store.history(u);
            System.arraycopy(h.items(), 0, items, 0, base);
            System.arraycopy(h.behaviors(), 0, behaviors, 0, base);
            System.arraycopy(h.times(), 0, times, 0, base);
        }
        System.arraycopy(ev.items(), from, items, base, extra);
        System.arraycopy(ev.behaviors(), from, behaviors, base, extra);
        System.arraycopy(ev.times(), from, times, base, extra);
        return new UserHistory(u, items, behaviors, times);
    }

    /**
     * The {@code k} best items for {@code user} from model {@code modelName} of {@code set} (already validated),
     * without the user's seen items and without {@code exclude} (sorted item indexes).
     */
    public Answer recommend(ModelSet set, String modelName, String user, int k, int[] exclude, boolean explain) {
        long version = live.of(user).version();
        ConcurrentHashMap<String, ModelSet.Cached> cache = set.cache(modelName);
        ModelSet.Cached c = cache.get(user);
        UserHistory history = null;
        if (c == null || c.historyVersion() != version) {
            misses.increment();
            history = history(set, user);
            c = compute(set, modelName, history, version);
            if (cache.size() >= maxCachedUsers(set.models().size())) {
                cache.clear();
            }
            cache.put(user, c);
        } else {
            hits.increment();
        }
        int[] items;
        float[] scores;
        boolean fromCache = true;
        if (exclude.length == 0 && (k <= c.items().length || c.complete())) {
            int n = Math.min(k, c.items().length);
            items = Arrays.copyOf(c.items(), n);
            scores = Arrays.copyOf(c.scores(), n);
        } else {
            int[] kept = new int[Math.min(k, c.items().length)];
            float[] keptScores = new float[kept.length];
            int n = 0;
            for (int i = 0; i < c.items().length && n < k; i++) {
                if (Arrays.binarySearch(exclude, c.items()[i]) < 0) {
                    kept[n] = c.items()[i];
                    keptScores[n++] = c.scores()[i];
                }
            }
            if (n >= k || c.complete()) {
                items = Arrays.copyOf(kept, n);
                scores = Arrays.copyOf(keptScores, n);
            } else {
                fromCache = false;
                if (history == null) {
                    history = history(set, user);
                }
                ModelSet.Cached direct = topList(set, modelName, history, k, exclude);
                items = direct.items();
                scores = direct.scores();
            }
        }
        List<Explanation> explanations = null;
        if (explain) {
            if (history == null) {
                history = history(set, user);
            }
            explanations = new ArrayList<>(items.length);
            Recommender r = set.models().get(modelName);
            for (int i = 0; i < items.length; i++) {
                explanations.add(c.coldStart()
                        ? new Explanation(items[i], scores[i], "Popular: one of the most interacted items",
                        List.of()) : r.explain(history, items[i]));
            }
        }
        return new Answer(set, modelName, c.coldStart(), items, scores, history, explanations,
                fromCache && exclude.length == 0 && !explain ? c : null);
    }

    /**
     * The {@code k} items most like {@code item} by model {@code modelName}: the model's answer for a history of
     * that one item, the item itself left out.
     */
    public Answer similar(ModelSet set, String modelName, int item, int k) {
        UserHistory h = UserHistory.ofItems(-1, item);
        List<ScoredItem> top = set.models().get(modelName).recommend(h, k, i -> i == item);
        int[] items = new int[top.size()];
        float[] scores = new float[top.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = top.get(i).item();
            scores[i] = top.get(i).score();
        }
        return new Answer(set, modelName, false, items, scores, h, null, null);
    }

    private ModelSet.Cached compute(ModelSet set, String modelName, UserHistory history, long version) {
        return topList(set, modelName, history, TOP_N, new int[0]).withVersion(version);
    }

    private static ModelSet.Cached topList(ModelSet set, String modelName, UserHistory history, int n,
                                           int[] exclude) {
        IntPredicate excluded = seen(history, exclude);
        if (history.length() == 0) {
            int[] pop = set.data().popular();
            int[] items = new int[Math.min(n, pop.length)];
            float[] scores = new float[items.length];
            int m = 0;
            InteractionStore store = set.data().store();
            for (int i = 0; i < pop.length && m < items.length; i++) {
                if (!excluded.test(pop[i])) {
                    items[m] = pop[i];
                    scores[m++] = store.itemLength(pop[i]);
                }
            }
            return new ModelSet.Cached(0, Arrays.copyOf(items, m), Arrays.copyOf(scores, m), m < n, true, null, 0);
        }
        FactorIndex index = set.index(modelName);
        List<ScoredItem> top = index != null ? index.recommend(history, n, excluded)
                : set.models().get(modelName).recommend(history, n, excluded);
        int[] items = new int[top.size()];
        float[] scores = new float[top.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = top.get(i).item();
            scores[i] = top.get(i).score();
        }
        return new ModelSet.Cached(0, items, scores, items.length < n, false, null, 0);
    }

    /**
     * Most cached users per model: {@link #MAX_CACHED_USERS}, or fewer so that the caches of {@code models} models
     * take at most {@link #CACHE_HEAP_SHARE} of the maximum heap at {@link #CACHED_BYTES} an entry.
     */
    static int maxCachedUsers(int models) {
        long byHeap = (long) (Runtime.getRuntime().maxMemory() * CACHE_HEAP_SHARE / CACHED_BYTES / models);
        return (int) Math.max(1_000, Math.min(MAX_CACHED_USERS, byHeap));
    }

    /**
     * The items of {@code history} and {@code exclude} as a membership test: a hash set of the history's distinct
     * items, so a request costs memory in its history's length, not in the catalogue's size.
     */
    static IntPredicate seen(UserHistory history, int[] exclude) {
        IntOpenHashSet set = new IntOpenHashSet(history.length() + exclude.length);
        for (int i : history.items()) {
            set.add(i);
        }
        for (int i : exclude) {
            set.add(i);
        }
        return set::contains;
    }

    /** Stores a rendered response in the cache entry it came from, if that entry is still current. */
    public void memo(Answer a, String user, byte[] json, int k) {
        if (a.cached() == null) {
            return;
        }
        a.set().cache(a.model()).replace(user, a.cached(), a.cached().withJson(json, k));
    }
}
