package io.shoplens.recommend.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.Size;

/** Per-user normalisation keeps the order of a component's scores and puts them on a fixed scale. */
class NormalisationPropertiesTest {
    @Property(tries = 200)
    void zScoresHaveMeanZeroAndUnitSpreadAndKeepOrder(
            @ForAll @Size(min = 2, max = 50) float @FloatRange(min = -1e4f, max = 1e4f) [] raw) {
        float[] z = raw.clone();
        HybridModel.normalise(z, z.length, HybridParams.Normalization.ZSCORE, 10);
        double mean = 0;
        for (float x : z) {
            mean += x;
        }
        mean /= z.length;
        double var = 0;
        for (float x : z) {
            var += (x - mean) * (x - mean);
        }
        var /= z.length;
        boolean constant = true;
        for (float x : raw) {
            constant &= x == raw[0];
        }
        assertEquals(0, mean, 1e-3);
        if (!constant && spread(raw) > 1e-3) {
            assertEquals(1, var, 1e-2);
        }
        keepsOrder(raw, z);
    }

    @Property(tries = 200)
    void minMaxStaysInTheUnitIntervalAndKeepsOrder(
            @ForAll @Size(min = 1, max = 50) float @FloatRange(min = -1e4f, max = 1e4f) [] raw) {
        float[] m = raw.clone();
        HybridModel.normalise(m, m.length, HybridParams.Normalization.MINMAX, 10);
        for (float x : m) {
            assertTrue(x >= 0 && x <= 1, "in [0, 1]: " + x);
        }
        keepsOrder(raw, m);
    }

    @Property(tries = 200)
    void reciprocalRanksKeepOrder(@ForAll @Size(min = 1, max = 50) float @FloatRange(min = -1e4f, max = 1e4f) [] raw) {
        float[] r = raw.clone();
        HybridModel.normalise(r, r.length, HybridParams.Normalization.RRF, 5);
        int nonZero = 0;
        for (float x : r) {
            assertTrue(x >= 0 && x <= 60f / 61, "in [0, 60/61]: " + x);
            if (x > 0) {
                nonZero++;
            }
        }
        assertTrue(nonZero >= Math.min(5, raw.length), "at least the depth gets a rank score");
        keepsOrder(raw, r);
    }

    private static double spread(float[] raw) {
        float min = raw[0];
        float max = raw[0];
        for (float x : raw) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return max - min;
    }

    private static void keepsOrder(float[] raw, float[] normalised) {
        for (int i = 0; i < raw.length; i++) {
            for (int j = 0; j < raw.length; j++) {
                if (raw[i] > raw[j]) {
                    assertTrue(normalised[i] >= normalised[j], raw[i] + " > " + raw[j] + " but " + normalised[i]
                            + " < " + normalised[j]);
                }
            }
        }
    }
}
