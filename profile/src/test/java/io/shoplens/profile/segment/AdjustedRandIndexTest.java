package io.shoplens.profile.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdjustedRandIndexTest {
    @Test
    void identicalPartitionsUpToRelabellingScoreOne() {
        assertEquals(1.0, AdjustedRandIndex.of(new int[] {0, 0, 1, 1, 2}, new int[] {5, 5, 3, 3, 9}), 1e-12);
    }

    @Test
    void handComputedValue() {
        // a = {0,0,0,1,1,1}, b = {0,0,1,1,2,2}: contingency [[2,1,0],[0,1,2]]; sum C(nij,2) = 1 + 1 = 2;
        // rows C(3,2)+C(3,2) = 6; columns 3 * C(2,2) = 3; expected = 6 * 3 / C(6,2) = 1.2; max = 4.5;
        // ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3
        assertEquals(0.8 / 3.3, AdjustedRandIndex.of(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}),
                1e-12);
    }

    @Test
    void worseThanChanceIsNegative() {
        // a = {0,0,1,1}, b = {0,1,0,1}: index 0, rows 2, columns 2, expected 2 * 2 / 6 = 2/3, max 2:
        // ARI = (0 - 2/3) / (2 - 2/3) = -0.5
        assertEquals(-0.5, AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-12);
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThrows(IllegalArgumentException.class, () -> AdjustedRandIndex.of(new int[] {0, 1}, new int[] {0}));
    }
}
