package io.shoplens.recommend.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Params;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightingTest {
    @Test
    void positionalRecencyHalvesPerHalfLifeOfLaterEvents() {
        Weighting w = new Weighting(1, 1, 1, 1, 0, false, 1);
        UserHistory h = new UserHistory(0, new int[] {7, 3, 5, 3}, new byte[] {0, 0, 3, 0}, new long[] {1, 2, 3, 4});
        InteractionMatrix.Row row = InteractionMatrix.rowOf(h, w, true);
        assertArrayEquals(new int[] {3, 5, 7}, row.items());
        assertArrayEquals(new float[] {1f, 0.5f, 0.125f}, row.values(), 1e-7f,
                "item 3 keeps its newest event (max), 5 is one event old, 7 three");
        Weighting summed = new Weighting(1, 1, 1, 1, 0, true, 1);
        assertEquals(1.25f, InteractionMatrix.rowOf(h, summed, true).values()[0], 1e-7f);
        Weighting off = new Weighting(1, 1, 1, 1, 0, false);
        assertArrayEquals(new float[] {1f, 1f, 1f}, InteractionMatrix.rowOf(h, off, true).values());
    }

    @Test
    void recencyIsReadFromParamsAndValidated() {
        Weighting w = Weighting.from(Params.of("test", Map.of("halfLifeEvents", "2.5")), Weighting.binary());
        assertEquals(2.5, w.halfLifeEvents());
        Map<String, String> m = new java.util.HashMap<>();
        w.putInto(m);
        assertEquals("2.5", m.get("halfLifeEvents"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Weighting(1, 1, 1, 1, 0, false, -1));
        assertTrue(e.getMessage().contains("halfLifeEvents"), e.getMessage());
    }
}
