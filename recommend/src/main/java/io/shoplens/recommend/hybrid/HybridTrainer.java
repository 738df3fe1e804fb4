package io.shoplens.recommend.hybrid;

import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.DataShape;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.common.InteractionMatrix;
import io.shoplens.recommend.content.ItemCategories;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link HybridModel}: trains every component on the same data, one after the other (each component
 * parallelises its own training), and counts item popularity and item categories for the cold-user fallback.
 * A weighted hybrid with a switching fallback in the sense of Burke (UMUAI 2002).
 *
 * <p>The trainer is generic over the core contract: components are any {@link Trainer}s, either given directly
 * or resolved by name through a factory (the registry passes its own, so this package does not depend on it).
 */
public final class HybridTrainer implements Trainer<HybridModel> {
    private static final Logger LOG = LoggerFactory.getLogger(HybridTrainer.class);

    private final HybridParams params;
    private final List<Trainer<?>> trainers;

    /**
     * A hybrid whose components are made by {@code resolver} from each component's name and parameters (e.g.
     * the registry's {@code Algorithms::trainer}); unknown names and bad component parameters fail here.
     */
    public HybridTrainer(HybridParams params, BiFunction<String, Map<String, String>, Trainer<?>> resolver) {
        this(params, resolve(params, resolver), true);
    }

    /**
     * A hybrid over the given trainers, one per {@link HybridParams#components()} entry in the same order (names
     * and weights come from there); those entries must carry no parameters of their own.
     */
    public HybridTrainer(HybridParams params, List<Trainer<?>> trainers) {
        this(params, trainers, false);
    }

    private HybridTrainer(HybridParams params, List<Trainer<?>> trainers, boolean resolved) {
        if (params == null) {
            throw new IllegalArgumentException("hybrid needs parameters");
        }
        if (trainers == null || trainers.size() != params.components().size()) {
            throw new IllegalArgumentException("hybrid has " + params.components().size() + " components ("
                    + params.componentsText() + ") but " + (trainers == null ? 0 : trainers.size()) + " trainers");
        }
        for (int c = 0; c < trainers.size(); c++) {
            if (trainers.get(c) == null) {
                throw new IllegalArgumentException("hybrid component trainers must not be null");
            }
            HybridParams.Component spec = params.components().get(c);
            if (!resolved && !spec.params().isEmpty()) {
                throw new IllegalArgumentException("hybrid component " + spec.name() + " is given as a trainer, so "
                        + "its parameters " + spec.params().keySet() + " cannot apply");
            }
        }
        this.params = params;
        this.trainers = List.copyOf(trainers);
    }

    private static List<Trainer<?>> resolve(HybridParams params,
                                            BiFunction<String, Map<String, String>, Trainer<?>> resolver) {
        if (resolver == null) {
            throw new IllegalArgumentException("hybrid needs a resolver from component names to trainers");
        }
        List<Trainer<?>> out = new ArrayList<>();
        for (HybridParams.Component c : params.components()) {
            if (c.name().equals(HybridParams.NAME)) {
                throw new IllegalArgumentException("a hybrid cannot have a hybrid component");
            }
            Trainer<?> t;
            try {
                t = resolver.apply(c.name(), c.params());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hybrid component " + c.name() + ": " + e.getMessage(), e);
            }
            if (t == null) {
                throw new IllegalArgumentException("hybrid component " + c.name() + " has no trainer");
            }
            out.add(t);
        }
        return out;
    }

    /** The parameters. */
    public HybridParams params() {
        return params;
    }

    /**
     * Memory: every component's estimate (the components live side by side in the hybrid), plus the fallback's
     * interaction matrix and item popularity.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        DataShape shape = DataShape.of(data.events(), 0);
        MemoryEstimate.Builder b = MemoryEstimate.of(HybridParams.NAME);
        for (int c = 0; c < trainers.size(); c++) {
            b.include(params.components().get(c).name() + ": ", trainers.get(c).estimate(data));
        }
        return b.part("fallback matrix", InteractionMatrix.bytes(shape.numUsers(), shape.numItems(), shape.pairs(1)))
                .part("fallback popularity", MemoryEstimate.ints(shape.numItems()))
                .build();
    }

    @Override
    public HybridModel train(TrainingData data) {
        long t0 = System.nanoTime();
        int n = data.events().numItems();
        List<HybridParams.Component> specs = params.components();
        Recommender[] models = new Recommender[specs.size()];
        Map<String, String> provParams = new LinkedHashMap<>();
        HybridParams own = new HybridParams(specs.stream()
                .map(c -> new HybridParams.Component(c.name(), c.weight(), Map.of())).toList(),
                params.normalization(), params.rrfDepth(), params.minHistory(), params.weighting());
        provParams.putAll(own.asMap());
        for (int c = 0; c < models.length; c++) {
            long tc = System.nanoTime();
            models[c] = trainers.get(c).train(data);
            if (models[c].numItems() != n) {
                throw new IllegalStateException("hybrid component " + specs.get(c).name() + " has "
                        + models[c].numItems() + " items, the data " + n);
            }
            for (Map.Entry<String, String> e : models[c].provenance().params().entrySet()) {
                provParams.put(specs.get(c).name() + "." + e.getKey(), e.getValue());
            }
            LOG.info("hybrid component {} trained in {} s", specs.get(c).name(),
                    String.format(Locale.ROOT, "%.2f", (System.nanoTime() - tc) / 1e9));
        }
        InteractionMatrix m = InteractionMatrix.of(data.events(), params.weighting());
        float[] popularity = new float[n];
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (int k = m.itemStart(i); k < m.itemEnd(i); k++) {
                total += m.itemValue(k);
            }
            popularity[i] = (float) total;
        }
        int[] category = ItemCategories.of(data.events(), data.catalog());
        String[] labels = ItemCategories.labels(data.events());
        String[] names = specs.stream().map(HybridParams.Component::name).toArray(String[]::new);
        double[] weights = specs.stream().mapToDouble(HybridParams.Component::weight).toArray();
        Provenance prov = new Provenance(HybridParams.NAME, provParams, data.fingerprint(), 0,
                Provenance.shoplensVersion(), Instant.now(), (System.nanoTime() - t0) / 1e9);
        return new HybridModel(names, weights, models, params.normalization(), params.rrfDepth(),
                params.minHistory(), params.weighting(), data.events().ordinalTime(), popularity, category, labels,
                prov);
    }
}
