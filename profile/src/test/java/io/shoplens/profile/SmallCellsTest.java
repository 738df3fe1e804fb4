package io.shoplens.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmallCellsTest {
    @Test
    void cellsBelowKAreSuppressedWithTheirValues() {
        SmallCells k5 = new SmallCells(5);
        assertTrue(k5.suppress(4));
        assertFalse(k5.suppress(5));
        assertFalse(k5.suppress(0));
        assertNull(k5.reportable(1));
        Aggregate a = Aggregate.of("tags", "d", List.of("v"), List.of(List.of("big", 10L, 2.0),
                List.of("tiny", 4L, 3.0), List.of("edge", 5L, 1.0)), 100, k5);
        assertEquals(1, a.suppressed());
        assertEquals(0.1, a.rows().get(0).share(), 1e-12);
        assertTrue(a.rows().get(1).suppressed());
        assertNull(a.rows().get(1).values().get(0));
        assertEquals(5L, a.rows().get(2).users());
        assertThrows(IllegalArgumentException.class, () -> new SmallCells(0));
    }
}
