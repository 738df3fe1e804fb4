package io.shoplens.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtocolTest {
    @Test
    void parsesTheNamedProtocols() {
        Protocol p = Protocol.parse("loo-sampled-99");
        assertEquals("loo", p.split());
        assertEquals(Protocol.Candidates.SAMPLED, p.candidates());
        assertEquals(99, p.negatives());
        assertEquals(Protocol.Sampling.UNIFORM, p.sampling());
        assertArrayEquals(new int[] {5, 10, 20}, p.ks());
        assertEquals(Protocol.Sampling.POPULARITY, Protocol.parse("random-sampled-50-pop").sampling());
        assertEquals(Protocol.Candidates.FULL, Protocol.parse("temporal-full").candidates());
        assertTrue(p.describe().contains("99 uniform negatives"));
    }

    @Test
    void rejectsUnknownNamesAndBadCutoffs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Protocol.parse("loo-99"));
        assertTrue(e.getMessage().contains("loo-99"));
        assertThrows(IllegalArgumentException.class, () -> Protocol.parse("loo-full", new int[] {0}, 1));
        assertThrows(IllegalArgumentException.class, () -> Protocol.parse("loo-sampled-0"));
    }
}
