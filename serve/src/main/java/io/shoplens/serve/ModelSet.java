package io.shoplens.serve;

import io.shoplens.core.data.DataException;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.DotProductModel;
import io.shoplens.core.model.Recommender;
import io.shoplens.recommend.Algorithms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One immutable generation of served models: the models by name, the data they serve from, a version number and
 * where they came from. The server holds the current set in an atomic reference and replaces it whole, so a
 * request sees one consistent set from start to end. Each set carries its own top-N cache, which a swap
 * therefore discards.
 *
 * <p>Thread-safe.
 */
public final class ModelSet {
    /** Suffix of model files in a models folder; the model's name is the file name without it. */
    public static final String SUFFIX = ".model";
    private static final Logger LOG = LoggerFactory.getLogger(ModelSet.class);

    /**
     * A user's cached top-N list.
     *
     * @param historyVersion the live-history version it was computed for
     * @param items          item indexes, best first
     * @param scores         their scores
     * @param complete       true when fewer than N items could be recommended (the list holds all of them)
     * @param coldStart      true when the user had no history and the list is the popularity ranking
     * @param json           a rendered response for {@code jsonK} items (no exclusions, no explanations), or null
     * @param jsonK          the k of {@code json}
     */
    public record Cached(long historyVersion, int[] items, float[] scores, boolean complete, boolean coldStart,
                         byte[] json, int jsonK) {
        Cached withJson(byte[] rendered, int k) {
            return new Cached(historyVersion, items, scores, complete, coldStart, rendered, k);
        }

        Cached withVersion(long v) {
            return new Cached(v, items, scores, complete, coldStart, json, jsonK);
        }
    }

    private final long version;
    private final Map<String, Recommender> models;
    private final String defaultModel;
    private final ServedData data;
    private final Instant createdAt;
    private final String origin;
    private final Map<String, ConcurrentHashMap<String, Cached>> caches = new LinkedHashMap<>();
    private final Map<String, FactorIndex> indexes = new LinkedHashMap<>();
    private final Map<String, FactorIndex.Recall> recalls = new LinkedHashMap<>();
    private final FactorIndex.AnnMode ann;

    /** Users sampled (seeded) to measure each index's recall against exact scoring. */
    public static final int RECALL_USERS = 100;
    /** The cut-off of the measured recall. */
    public static final int RECALL_K = 10;

    /**
     * @param version      increasing generation number, from 1
     * @param models       models by name, at least one, all over the catalogue of {@code data}
     * @param defaultModel the model used when a request names none; must be in {@code models}
     * @param data         the histories and id maps
     * @param origin       one phrase saying where the models came from, e.g. {@code "files in models/"}
     */
    public ModelSet(long version, Map<String, Recommender> models, String defaultModel, ServedData data,
                    String origin) {
        this(version, models, defaultModel, data, origin, FactorIndex.AnnMode.AUTO);
    }

    /**
     * As above, with {@code ann} choosing which dot-product models get a {@link FactorIndex}; each index is built
     * here and its recall@{@value #RECALL_K} against exact scoring measured on {@value #RECALL_USERS} seeded users.
     */
    public ModelSet(long version, Map<String, Recommender> models, String defaultModel, ServedData data,
                    String origin, FactorIndex.AnnMode ann) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a model set needs at least one model");
        }
        if (!models.containsKey(defaultModel)) {
            throw new IllegalArgumentException("default model '" + defaultModel + "' is not among the loaded "
                    + "models " + models.keySet());
        }
        int items = data.store().numItems();
        for (Map.Entry<String, Recommender> e : models.entrySet()) {
            if (e.getValue().numItems() != items) {
                throw new DataException("model '" + e.getKey() + "' knows " + e.getValue().numItems()
                        + " items but the served data has " + items + "; serve it with the data it was trained on");
            }
            caches.put(e.getKey(), new ConcurrentHashMap<>());
        }
        this.version = version;
        this.models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        this.defaultModel = defaultModel;
        this.data = data;
        this.createdAt = Instant.now();
        this.origin = origin;
        this.ann = ann;
        List<UserHistory> sample = null;
        for (Map.Entry<String, Recommender> e : this.models.entrySet()) {
            if (e.getValue() instanceof DotProductModel m && ann.wants(m)) {
                FactorIndex index = FactorIndex.build(m);
                if (sample == null) {
                    sample = sample(data.store(), RECALL_USERS, 42);
                }
                FactorIndex.Recall r = index.recall(sample, RecommendService.TOP_N, RECALL_K);
                LOG.info("model '{}': ANN index over {} items built in {} s; {}", e.getKey(), index.size(),
                        String.format(Locale.ROOT, "%.1f", index.buildSeconds()), r);
                indexes.put(e.getKey(), index);
                recalls.put(e.getKey(), r);
            }
        }
    }

    /** Up to {@code n} distinct users with events, drawn with {@code seed}, as their histories. */
    static List<UserHistory> sample(InteractionStore store, int n, long seed) {
        Random rnd = new Random(seed);
        List<UserHistory> out = new ArrayList<>();
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        int users = store.numUsers();
        for (int tries = 0; out.size() < n && tries < 20 * n && users > 0; tries++) {
            int u = rnd.nextInt(users);
            if (store.userLength(u) > 0 && taken.add(u)) {
                out.add(store.history(u));
            }
        }
        return out;
    }

    /**
     * Loads every {@code *.model} file in {@code dir} (see {@link Algorithms#load}); {@code defaultModel} may be
     * null to take the first name in alphabetical order.
     */
    public static ModelSet load(Path dir, ServedData data, long version, String defaultModel) {
        return load(dir, data, version, defaultModel, FactorIndex.AnnMode.AUTO);
    }

    /** As above, with {@code ann} choosing the indexed models. */
    public static ModelSet load(Path dir, ServedData data, long version, String defaultModel,
                                FactorIndex.AnnMode ann) {
        Map<String, Recommender> models = loadModels(dir);
        String def = defaultModel != null ? defaultModel : models.keySet().iterator().next();
        return new ModelSet(version, models, def, data, origin(dir), ann);
    }

    /** Where models loaded from {@code dir} came from, in the words of {@link #origin()}. */
    public static String origin(Path dir) {
        return "files in models folder " + dir.getFileName();
    }

    /** Every {@code *.model} file in {@code dir} by name (see {@link Algorithms#load}), at least one. */
    public static Map<String, Recommender> loadModels(Path dir) {
        Map<String, Recommender> models = new LinkedHashMap<>();
        for (Path f : modelFiles(dir)) {
            String name = f.getFileName().toString();
            models.put(name.substring(0, name.length() - SUFFIX.length()), Algorithms.load(f));
        }
        if (models.isEmpty()) {
            throw new DataException("models folder " + dir + " has no *" + SUFFIX + " files; save one with "
                    + "'shoplens evaluate ... --save-model " + dir.resolve("NAME" + SUFFIX) + "'");
        }
        return models;
    }

    /** The {@code *.model} files in {@code dir}, sorted by name. */
    public static List<Path> modelFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException("models folder " + dir + " does not exist");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = new ArrayList<>(s.filter(p -> Files.isRegularFile(p)
                    && p.getFileName().toString().endsWith(SUFFIX)).sorted().toList());
            return files;
        } catch (IOException e) {
            throw new DataException("cannot list models folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The generation number. */
    public long version() {
        return version;
    }

    /** Models by name. */
    public Map<String, Recommender> models() {
        return models;
    }

    /** The model used when a request names none. */
    public String defaultModel() {
        return defaultModel;
    }

    /** The data served from. */
    public ServedData data() {
        return data;
    }

    /** When this set was made. */
    public Instant createdAt() {
        return createdAt;
    }

    /** Where the models came from. */
    public String origin() {
        return origin;
    }

    /** Which dot-product models get an index. */
    public FactorIndex.AnnMode ann() {
        return ann;
    }

    /** The ANN index of model {@code name}, or null when it is scored exactly. */
    public FactorIndex index(String name) {
        return indexes.get(name);
    }

    /** Each indexed model's recall against exact scoring, measured when the set was made. */
    public Map<String, FactorIndex.Recall> recalls() {
        return Collections.unmodifiableMap(recalls);
    }

    /** The top-N cache of model {@code name} (which must be in {@link #models()}). */
    ConcurrentHashMap<String, Cached> cache(String name) {
        return caches.get(name);
    }
}
