package io.shoplens.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryGuardTest {
    private static final long GB = 1_000_000_000L;

    /** A model of {@code 100 MB * rank} plus 1 GB fixed, with a rank knob down to 8. */
    private static MemoryEstimate factors(int rank) {
        return MemoryEstimate.of("ials")
                .part("matrix", GB)
                .part("factors", 100_000_000L * rank)
                .knob("rank", rank, 8, r -> GB + 100_000_000L * r)
                .build();
    }

    @Test
    void anEstimateThatFitsIsAccepted() {
        assertNull(MemoryGuard.refusal(factors(64), 20 * GB, 2 * GB));
    }

    @Test
    void aRefusalIsOneSentenceNamingTheEstimateTheHeapAndTheSettingsThatFit() {
        String r = MemoryGuard.refusal(factors(256), 20 * GB, 2 * GB);
        assertFalse(r.contains("\n"));
        assertTrue(r.startsWith("ials needs about 26.60 GB of heap (matrix 1.00 GB, factors 25.60 GB)"), r);
        assertTrue(r.contains("but 17.00 GB are free of the 20.00 GB maximum"), r);
        assertTrue(r.contains("it fits with rank=160, or a larger heap (SHOPLENS_JAVA_OPTS=-Xmx"), r);
        assertEquals(160, MemoryGuard.fitting(factors(256).knobs().get(0), 17 * GB));
    }

    @Test
    void aKnobWhoseLimitDoesNotFitIsNotOffered() {
        String r = MemoryGuard.refusal(factors(256), 1 * GB, 0);
        assertFalse(r.contains("rank="), r);
        assertTrue(r.contains("-Xmx"), r);
    }

    /**
     * An engine model of {@code 10 MB * items} of weights and {@code 1 MB * batch} of activations outside the heap
     * and {@code 1 MB * items} on the heap, with knobs on both down to 100 and 1.
     */
    private static MemoryEstimate engine(int items, int batch) {
        return MemoryEstimate.of("multvae")
                .part("model weights", 1_000_000L * items)
                .nativePart("weights", 10_000_000L * items)
                .nativePart("activations", 1_000_000L * batch)
                .knob("maxItems", items, 100, m -> 1_000_000L * m, m -> 10_000_000L * m + 1_000_000L * batch)
                .knob("batchSize", batch, 1, b -> 1_000_000L * items, b -> 10_000_000L * items + 1_000_000L * b)
                .build();
    }

    @Test
    void aNativeRefusalNamesTheKnobsOfNativeMemoryAtValuesThatFit() {
        String r = MemoryGuard.nativeRefusal(engine(1000, 500), 10_200_000_000L, 20 * GB);
        assertFalse(r.contains("\n"));
        assertTrue(r.startsWith("multvae needs about 10.50 GB outside the heap (weights 10.00 GB, activations "
                + "0.50 GB) but the machine has 10.20 GB available"), r);
        assertTrue(r.endsWith("; it fits with maxItems=970, or batchSize=200"), r);
        assertNull(MemoryGuard.nativeRefusal(engine(1000, 500), 11 * GB, 20 * GB));
    }

    @Test
    void aNativeShortfallIsAlsoFixedByASmallerHeapWhenTheHeapPartsStillFit() {
        String fix = MemoryGuard.smallerHeap(engine(1000, 500), 10_200_000_000L, 20 * GB, 0);
        long gib = (long) Math.floor((20 * GB - 300_000_000L - 200_000_000L) * MemoryGuard.XMX_PER_MAX_MEMORY
                / (1L << 30));
        assertEquals("a smaller heap (SHOPLENS_JAVA_OPTS=-Xmx" + gib + "g)", fix,
                "0.3 GB short plus 1% spare below a 20 GB heap, in whole GiB");
        assertNull(MemoryGuard.smallerHeap(engine(1000, 500), 11 * GB, 20 * GB, 0), "nothing is short");
        assertNull(MemoryGuard.smallerHeap(engine(1000, 500), 10_200_000_000L, 20 * GB, 19 * GB),
                "a smaller heap would not hold the heap in use and the model's heap parts");
    }

    @Test
    void aNativeKnobIsOfferedOnlyWhereTheHeapStillFitsAndNativeOnlyKnobsAreNotHeapFixes() {
        String tight = MemoryGuard.nativeRefusal(engine(1000, 500), 10_200_000_000L, GB / 2);
        assertTrue(tight.endsWith("; it fits with maxItems=500"), tight);
        String none = MemoryGuard.nativeRefusal(engine(1000, 500), GB / 2, 20 * GB);
        assertFalse(none.contains("it fits with"), none);
        String heap = MemoryGuard.refusal(engine(1000, 500), GB / 2, 0);
        assertTrue(heap.contains("it fits with maxItems="), heap);
        assertFalse(heap.contains("batchSize="), heap);
    }

    @Test
    void anArrayOverJavasLimitIsRefusedWhateverTheHeap() {
        MemoryEstimate e = MemoryEstimate.of("ease").part("weights", GB).array("the dense weights", 3_000_000_000L)
                .build();
        String r = MemoryGuard.refusal(e, 1000 * GB, 0);
        assertTrue(r.contains("ease cannot train: the dense weights would need an array of 3,000,000,000"), r);
    }

    @Test
    void requireThrowsTheUserErrorAndNativePartsAreAddedUp() {
        MemoryEstimate huge = MemoryEstimate.of("x").part("all", Long.MAX_VALUE / 4).build();
        InsufficientMemoryException e = assertThrows(InsufficientMemoryException.class,
                () -> MemoryGuard.require(huge));
        assertTrue(e.getMessage().startsWith("x needs about"), e.getMessage());
        MemoryEstimate engine = MemoryEstimate.of("sasrec").nativePart("weights", 3 * GB).nativePart("batch", GB)
                .build();
        assertEquals(4 * GB, engine.nativeBytes());
        assertEquals(0, engine.bytes());
        assertEquals("weights 3.00 GB, batch 1.00 GB", engine.nativeBreakdown());
    }

    @Test
    void theMeterSeesWhatTheWorkKeepsAlive() {
        int[] kept;
        long peak;
        try (HeapMeter meter = HeapMeter.start(20)) {
            kept = new int[10_000_000];
            meter.close();
            peak = meter.peakBytes();
        }
        kept[1] = 1;
        assertTrue(peak >= 39_000_000L && peak < 60_000_000L, "measured " + peak + " for a 40 MB array");
    }
}
