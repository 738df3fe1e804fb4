package io.shoplens.profile.audience;

import java.util.List;
import java.util.Map;

/**
 * The held-out evaluation of audience strategies for one campaign.
 *
 * @param protocol       the protocol in one sentence (cut-off, horizon, population, outcome, training)
 * @param campaign       the campaign, described
 * @param cutoff         T, epoch seconds
 * @param horizonSeconds H
 * @param population     users with at least one event before T
 * @param converters     of those, users buying an advertised item in [T, T+H)
 * @param seeds          users who bought an advertised item before T (the lookalike seed set)
 * @param validationAuc  the propensity model's AUC on the validation cut-off T-H
 * @param results        one row per strategy and budget
 */
public record AudienceReport(String protocol, String campaign, long cutoff, long horizonSeconds, int population,
                             int converters, int seeds, double validationAuc, List<Result> results) {
    /** Strategy names in report order. */
    public static final List<String> STRATEGIES = List.of("propensity", "lookalike", "popularity", "random");

    /**
     * One strategy at one budget.
     *
     * @param strategy   propensity, lookalike, popularity (most active users) or random
     * @param budget     audience size (capped at the population)
     * @param converters converters in the audience
     * @param rate       converters / budget
     * @param lift       rate / (population converters / population)
     */
    public record Result(String strategy, int budget, int converters, double rate, double lift) {
    }

    public AudienceReport {
        results = List.copyOf(results);
    }

    /** Base rate: converters / population. */
    public double baseRate() {
        return population == 0 ? 0 : (double) converters / population;
    }

    /** The lift of {@code strategy} at {@code budget}. */
    public double lift(String strategy, int budget) {
        return results.stream().filter(r -> r.strategy().equals(strategy) && r.budget() == Math.min(budget,
                population)).findFirst().orElseThrow(() -> new IllegalArgumentException("no result for "
                + strategy + " at " + budget)).lift();
    }

    /** Lifts by strategy at each budget, for JSON. */
    public Map<String, List<Result>> byStrategy() {
        Map<String, List<Result>> m = new java.util.LinkedHashMap<>();
        for (String s : STRATEGIES) {
            m.put(s, results.stream().filter(r -> r.strategy().equals(s)).toList());
        }
        return m;
    }
}
