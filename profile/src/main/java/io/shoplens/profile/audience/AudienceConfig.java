package io.shoplens.profile.audience;

import io.shoplens.predict.tabular.GbtParams;
import java.util.List;

/**
 * A campaign and how its audiences are evaluated.
 *
 * @param campaign       what the campaign advertises (a category or items)
 * @param budgets        audience sizes evaluated, each in users (at least 1); the first is also the size of the
 *                       exported audiences
 * @param horizonSeconds H: a user converts when buying an advertised item within H after the cut-off, at least 60
 * @param cutoff         the held-out cut-off T in epoch seconds, or null for "the last event + 1 second - H"
 * @param trainCutoffs   cut-offs T-2H, T-3H, ... stacked to train the propensity model (validation at T-H), 1..50
 * @param utcOffsetHours shop time zone for hour features, -12..14
 * @param seed           seed of the random baseline
 * @param gbt            the propensity learner's hyperparameters (XGBoost, early-stopped on the validation cut-off)
 */
public record AudienceConfig(Campaign campaign, List<Integer> budgets, long horizonSeconds, Long cutoff,
                             int trainCutoffs, int utcOffsetHours, long seed, GbtParams gbt) {
    public AudienceConfig {
        if (campaign == null) {
            throw new IllegalArgumentException("a campaign must be given");
        }
        if (budgets == null || budgets.isEmpty()) {
            throw new IllegalArgumentException("at least one budget (audience size) must be given");
        }
        for (int b : budgets) {
            if (b < 1) {
                throw new IllegalArgumentException("a budget must be at least 1 user, got " + b);
            }
        }
        budgets = List.copyOf(budgets);
        if (horizonSeconds < 60) {
            throw new IllegalArgumentException("horizon must be at least 60 seconds, got " + horizonSeconds);
        }
        if (trainCutoffs < 1 || trainCutoffs > 50) {
            throw new IllegalArgumentException("trainCutoffs must be in 1..50, got " + trainCutoffs);
        }
        if (utcOffsetHours < -12 || utcOffsetHours > 14) {
            throw new IllegalArgumentException("utcOffsetHours must be in -12..14, got " + utcOffsetHours);
        }
        if (gbt == null) {
            throw new IllegalArgumentException("the propensity learner's parameters must be given");
        }
    }
}
