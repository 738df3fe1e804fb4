package io.shoplens.recommend.common;

import io.shoplens.core.model.Params;
import java.util.Map;

/**
 * How behaviour events become the strength of a user-item interaction: a weight per behaviour, an optional
 * exponential time decay, and how repeated events on the same pair combine.
 *
 * @param pv           weight of a page view, at least 0
 * @param cart         weight of an add-to-cart, at least 0
 * @param fav          weight of a favourite, at least 0
 * @param buy          weight of a purchase, at least 0
 * @param halfLifeDays an event this many days older than the reference time counts half; 0 = no decay (ignored
 *                     for data without timestamps)
 * @param sum          true: repeated events on a pair add up; false: the pair takes its largest weight
 * @param halfLifeEvents recency by position, for order-driven data with or without timestamps: an event followed
 *                     by this many later events of the same user counts half (the newest event counts fully);
 *                     0 = off. Short half-lives (1 to 5) make a model lean on the last few items, as sequential
 *                     models do (Ludewig &amp; Jannach 2018 use the same decay in session kNN). It weights the history a
 *                     model scores ({@link InteractionMatrix#rowOf}), not the training matrix
 */
public record Weighting(double pv, double cart, double fav, double buy, double halfLifeDays, boolean sum,
                        double halfLifeEvents) {
    public Weighting {
        if (pv < 0 || cart < 0 || fav < 0 || buy < 0 || pv + cart + fav + buy == 0) {
            throw new IllegalArgumentException("behaviour weights must be >= 0 and not all 0, got pv=" + pv
                    + " cart=" + cart + " fav=" + fav + " buy=" + buy);
        }
        if (!(halfLifeDays >= 0)) {
            throw new IllegalArgumentException("halfLifeDays must be >= 0, got " + halfLifeDays);
        }
        if (!(halfLifeEvents >= 0)) {
            throw new IllegalArgumentException("halfLifeEvents must be >= 0, got " + halfLifeEvents);
        }
    }

    /** A weighting without positional recency ({@code halfLifeEvents = 0}). */
    public Weighting(double pv, double cart, double fav, double buy, double halfLifeDays, boolean sum) {
        this(pv, cart, fav, buy, halfLifeDays, sum, 0);
    }

    /** Binary interactions: every behaviour 1, no decay, repeats count once. */
    public static Weighting binary() {
        return new Weighting(1, 1, 1, 1, 0, false);
    }

    /**
     * Reads {@code weight.pv}, {@code weight.cart}, {@code weight.fav}, {@code weight.buy}, {@code halfLifeDays}
     * {@code sumRepeats} and {@code halfLifeEvents} from {@code p}, with {@code defaults} for absent keys.
     */
    public static Weighting from(Params p, Weighting defaults) {
        return new Weighting(
                p.doubleValue("weight.pv", defaults.pv, 0, 1e6),
                p.doubleValue("weight.cart", defaults.cart, 0, 1e6),
                p.doubleValue("weight.fav", defaults.fav, 0, 1e6),
                p.doubleValue("weight.buy", defaults.buy, 0, 1e6),
                p.doubleValue("halfLifeDays", defaults.halfLifeDays, 0, 1e6),
                p.booleanValue("sumRepeats", defaults.sum),
                p.doubleValue("halfLifeEvents", defaults.halfLifeEvents, 0, 1e9));
    }

    /** Adds this weighting's keys to a provenance parameter map. */
    public void putInto(Map<String, String> m) {
        m.put("weight.pv", Double.toString(pv));
        m.put("weight.cart", Double.toString(cart));
        m.put("weight.fav", Double.toString(fav));
        m.put("weight.buy", Double.toString(buy));
        m.put("halfLifeDays", Double.toString(halfLifeDays));
        m.put("sumRepeats", Boolean.toString(sum));
        m.put("halfLifeEvents", Double.toString(halfLifeEvents));
    }

    /** Weight of behaviour code {@code b} (0 pv, 1 cart, 2 fav, 3 buy). */
    public double behaviorWeight(int b) {
        return switch (b) {
            case 0 -> pv;
            case 1 -> cart;
            case 2 -> fav;
            default -> buy;
        };
    }

    /**
     * Weight of one event of behaviour {@code b} at {@code time}, given the reference time {@code now} and the
     * number of the user's events that follow it ({@code later}, 0 for the newest).
     */
    public double eventWeight(int b, long time, long now, boolean ordinalTime, int later) {
        double w = behaviorWeight(b);
        if (halfLifeEvents > 0 && later > 0) {
            w *= Math.pow(0.5, later / halfLifeEvents);
        }
        if (halfLifeDays > 0 && !ordinalTime && now > time) {
            w *= Math.pow(0.5, (now - time) / (halfLifeDays * 86_400.0));
        }
        return w;
    }

    /** Combines a pair's accumulated strength with one more event's weight. */
    public double combine(double acc, double w) {
        return sum ? acc + w : Math.max(acc, w);
    }
}
