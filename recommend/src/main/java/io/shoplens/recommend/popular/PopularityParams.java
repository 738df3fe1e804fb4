package io.shoplens.recommend.popular;

import io.shoplens.core.model.Params;
import io.shoplens.core.model.Pruning;
import io.shoplens.recommend.common.Weighting;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link PopularityTrainer}: only how events are weighted (behaviour weights, time decay, and
 * whether a user's repeated events on an item all count ({@code sumRepeats=true}) or the user counts once).
 *
 * @param weighting how events become interaction strengths
 * @param pruning   which training events the model learns from: {@code minItemSupport} and
 *                  {@code lastEvents}, see {@link Pruning}
 */
public record PopularityParams(Weighting weighting, Pruning pruning) {
    /** The registry name. */
    public static final String NAME = "popularity";

    public PopularityParams {
        if (pruning == null) {
            throw new IllegalArgumentException("pruning must not be null");
        }
        if (weighting == null) {
            throw new IllegalArgumentException("popularity needs a weighting");
        }
    }

    /** Defaults: every event counts 1, no decay, repeats counted: the PopRec baseline. */
    public static PopularityParams defaults() {
        return new PopularityParams(new Weighting(1, 1, 1, 1, 0, true), Pruning.NONE);
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static PopularityParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        PopularityParams r = new PopularityParams(Weighting.from(p, defaults().weighting()),
                Pruning.from(p, defaults().pruning()));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        weighting.putInto(m);
        pruning.putInto(m);
        return m;
    }
}
