package io.shoplens.recommend.popular;

import io.shoplens.core.model.Params;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link PopularityTrainer}.
 *
 * @param weightPv     weight of a page view, at least 0
 * @param weightCart   weight of an add-to-cart, at least 0
 * @param weightFav    weight of a favourite, at least 0
 * @param weightBuy    weight of a purchase, at least 0
 * @param halfLifeDays time decay: an event this many days older than the newest training event counts half;
 *                     0 turns decay off (ignored for data without timestamps)
 * @param distinctUsers count each user at most once per item (by the user's largest weight)
 */
public record PopularityParams(double weightPv, double weightCart, double weightFav, double weightBuy,
                               double halfLifeDays, boolean distinctUsers) {
    /** The registry name. */
    public static final String NAME = "popularity";

    public PopularityParams {
        if (weightPv < 0 || weightCart < 0 || weightFav < 0 || weightBuy < 0
                || weightPv + weightCart + weightFav + weightBuy == 0) {
            throw new IllegalArgumentException("behaviour weights must be >= 0 and not all 0, got pv=" + weightPv
                    + " cart=" + weightCart + " fav=" + weightFav + " buy=" + weightBuy);
        }
        if (!(halfLifeDays >= 0)) {
            throw new IllegalArgumentException("halfLifeDays must be >= 0, got " + halfLifeDays);
        }
    }

    /** Defaults: every event counts 1, no decay, events (not users) counted: the PopRec baseline. */
    public static PopularityParams defaults() {
        return new PopularityParams(1, 1, 1, 1, 0, false);
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static PopularityParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        PopularityParams d = defaults();
        PopularityParams r = new PopularityParams(
                p.doubleValue("weight.pv", d.weightPv, 0, 1e6),
                p.doubleValue("weight.cart", d.weightCart, 0, 1e6),
                p.doubleValue("weight.fav", d.weightFav, 0, 1e6),
                p.doubleValue("weight.buy", d.weightBuy, 0, 1e6),
                p.doubleValue("halfLifeDays", d.halfLifeDays, 0, 1e6),
                p.booleanValue("distinctUsers", d.distinctUsers));
        p.requireAllKnown();
        return r;
    }

    /** Weight of behaviour code {@code b} (0 pv, 1 cart, 2 fav, 3 buy). */
    public double weight(int b) {
        return switch (b) {
            case 0 -> weightPv;
            case 1 -> weightCart;
            case 2 -> weightFav;
            default -> weightBuy;
        };
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("weight.pv", Double.toString(weightPv));
        m.put("weight.cart", Double.toString(weightCart));
        m.put("weight.fav", Double.toString(weightFav));
        m.put("weight.buy", Double.toString(weightBuy));
        m.put("halfLifeDays", Double.toString(halfLifeDays));
        m.put("distinctUsers", Boolean.toString(distinctUsers));
        return m;
    }
}
