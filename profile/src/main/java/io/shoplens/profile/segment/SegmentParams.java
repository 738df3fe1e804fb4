package io.shoplens.profile.segment;

import io.shoplens.core.model.Params;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of k-means segmentation.
 *
 * @param kMin            smallest number of segments tried, 2..50
 * @param kMax            largest number tried, kMin..50; the k with the best silhouette on validation users wins
 * @param silhouetteUsers users in the seeded sample the silhouette is computed on, 100..50,000 (cost grows with the
 *                        square)
 * @param fitUsers        users in the seeded sample k-means is fitted on, 100..10,000,000; every user is then
 *                        assigned to the nearest centroid
 * @param maxIterations   Lloyd iterations per fit, 1..10,000
 * @param seed            seed of the samples and of k-means++ seeding
 */
public record SegmentParams(int kMin, int kMax, int silhouetteUsers, int fitUsers, int maxIterations, long seed) {
    /** Name in provenance and model files. */
    public static final String NAME = "kmeans-segments";

    public SegmentParams {
        check("kMin", kMin, 2, 50);
        check("kMax", kMax, kMin, 50);
        check("silhouetteUsers", silhouetteUsers, 100, 50_000);
        check("fitUsers", fitUsers, 100, 10_000_000);
        check("maxIterations", maxIterations, 1, 10_000);
    }

    /** k in 2..8, silhouette on 5,000 users, fit on 200,000, 100 iterations, seed 42. */
    public static SegmentParams defaults() {
        return new SegmentParams(2, 8, 5_000, 200_000, 100, 42);
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static SegmentParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        SegmentParams d = defaults();
        SegmentParams r = new SegmentParams(p.intValue("kMin", d.kMin, 2, 50), p.intValue("kMax", d.kMax, 2, 50),
                p.intValue("silhouetteUsers", d.silhouetteUsers, 100, 50_000),
                p.intValue("fitUsers", d.fitUsers, 100, 10_000_000),
                p.intValue("maxIterations", d.maxIterations, 1, 10_000), p.longValue("seed", d.seed));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kMin", Integer.toString(kMin));
        m.put("kMax", Integer.toString(kMax));
        m.put("silhouetteUsers", Integer.toString(silhouetteUsers));
        m.put("fitUsers", Integer.toString(fitUsers));
        m.put("maxIterations", Integer.toString(maxIterations));
        m.put("seed", Long.toString(seed));
        return m;
    }

    private static void check(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
        }
    }
}
