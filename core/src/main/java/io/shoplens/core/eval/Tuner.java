package io.shoplens.core.eval;

import io.shoplens.core.model.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hyperparameter search on the validation part of an {@link Experiment}'s split: grid search over every
 * combination, or seeded random search over a number of them (Bergstra &amp; Bengio 2012). The test part is not
 * touched while searching; {@link #search} only returns validation results, and the caller runs the winner once
 * with {@link Experiment#run} to report test numbers.
 */
public final class Tuner {
    private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);

    private final Experiment experiment;
    private final String metric;

    /**
     * @param experiment the split to tune on
     * @param metric     validation metric to maximise, e.g. {@code "NDCG@10"}
     */
    public Tuner(Experiment experiment, String metric) {
        this.experiment = experiment;
        this.metric = metric;
    }

    /**
     * One tried setting.
     *
     * @param params     the parameters tried (fixed ones included)
     * @param validation the metric's validation value
     * @param seconds    train plus validation time
     */
    public record Trial(Map<String, String> params, double validation, double seconds) {
    }

    /**
     * Tries settings drawn from {@code grid} (each key with its candidate values, on top of {@code fixed}) and
     * returns the trials sorted best first.
     *
     * @param trials 0 for a full grid search, else the number of distinct random combinations (capped at the grid
     *               size)
     * @param seed   seed of random search
     */
    public List<Trial> search(Map<String, List<String>> grid, Map<String, String> fixed,
                              Function<Map<String, String>, Trainer<?>> trainers, int trials, long seed) {
        List<Map<String, String>> combos = combinations(grid, fixed);
        if (trials > 0 && trials < combos.size()) {
            Collections.shuffle(combos, new java.util.Random(new SplittableRandom(seed).nextLong()));
            combos = new ArrayList<>(combos.subList(0, trials));
        }
        List<Trial> out = new ArrayList<>();
        for (Map<String, String> params : combos) {
            Trainer<?> trainer = trainers.apply(params);
            long t0 = System.nanoTime();
            EvaluationResult r = experiment.validate(trainer, null);
            Trial trial = new Trial(params, r.metric(metric), (System.nanoTime() - t0) / 1e9);
            LOG.info("trial {} -> validation {} = {}", params, metric, trial.validation());
            out.add(trial);
        }
        out.sort((a, b) -> Double.compare(b.validation(), a.validation()));
        return out;
    }

    /** Every combination of the grid's values, each merged over {@code fixed}, in grid order. */
    static List<Map<String, String>> combinations(Map<String, List<String>> grid, Map<String, String> fixed) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>(fixed));
        for (Map.Entry<String, List<String>> e : grid.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("grid key '" + e.getKey() + "' has no values");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }
}
