package io.shoplens.recommend.precomputed;

import io.shoplens.core.model.Params;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of {@link PrecomputedTrainer}: where the precomputed lists are and which neighbour table answers
 * similar items and users without a list.
 *
 * @param lists      a local folder holding the tables {@code user-recs}, {@code item-neighbours-als},
 *                   {@code item-neighbours-cooc} and {@code meta} as Parquet (the output of
 *                   {@code shoplens spark recommend}, copied from HDFS when it was written there)
 * @param neighbours {@code cooc}: co-occurrence ItemKNN cosine; {@code als}: cosine of the ALS item factors
 */
public record PrecomputedParams(String lists, String neighbours) {
    /** The registry name. */
    public static final String NAME = "precomputed";
    /** Neighbours by co-occurrence cosine. */
    public static final String COOC = "cooc";
    /** Neighbours by cosine of ALS item factors. */
    public static final String ALS = "als";

    public PrecomputedParams {
        if (lists == null || lists.isBlank()) {
            throw new IllegalArgumentException("precomputed needs lists=FOLDER, the output of 'shoplens spark "
                    + "recommend'; got '" + lists + "'");
        }
        if (!COOC.equals(neighbours) && !ALS.equals(neighbours)) {
            throw new IllegalArgumentException("neighbours must be cooc or als, got " + neighbours);
        }
    }

    /** Reads parameters from text, rejecting unknown keys; {@code lists} is required, {@code neighbours=cooc}. */
    public static PrecomputedParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        PrecomputedParams r = new PrecomputedParams(p.text("lists", ""), p.choice("neighbours", COOC, COOC, ALS));
        p.requireAllKnown();
        return r;
    }

    /** The parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("lists", lists);
        m.put("neighbours", neighbours);
        return m;
    }
}
