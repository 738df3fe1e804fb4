package io.shoplens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    void constantsAreInTheDocumentedOrder() {
        assertEquals(List.of(Metric.HR, Metric.PRECISION, Metric.RECALL, Metric.F1, Metric.NDCG, Metric.MAP,
                Metric.MRR, Metric.AUC), List.of(Metric.values()));
    }

    @Test
    void labels() {
        assertEquals("HR", Metric.HR.label());
        assertEquals("Precision", Metric.PRECISION.label());
        assertEquals("Recall", Metric.RECALL.label());
        assertEquals("F1", Metric.F1.label());
        assertEquals("NDCG", Metric.NDCG.label());
        assertEquals("MAP", Metric.MAP.label());
        assertEquals("MRR", Metric.MRR.label());
        assertEquals("AUC", Metric.AUC.label());
    }

    @Test
    void onlyAucHasNoCutoff() {
        for (Metric m : Metric.values()) {
            if (m == Metric.AUC) {
                assertFalse(m.cutoff());
            } else {
                assertTrue(m.cutoff(), m.name());
            }
        }
    }

    @Test
    void keys() {
        assertEquals("HR@10", Metric.key(Metric.HR, 10));
        assertEquals("Precision@5", Metric.key(Metric.PRECISION, 5));
        assertEquals("Recall@20", Metric.key(Metric.RECALL, 20));
        assertEquals("F1@1", Metric.key(Metric.F1, 1));
        assertEquals("NDCG@10", Metric.key(Metric.NDCG, 10));
        assertEquals("MAP@100", Metric.key(Metric.MAP, 100));
        assertEquals("MRR@3", Metric.key(Metric.MRR, 3));
        assertEquals("AUC", Metric.key(Metric.AUC, 10));
        assertEquals("AUC", Metric.key(Metric.AUC, 0));
    }

    @Test
    void keyRejectsBadCutoffForCutoffMetrics() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.key(Metric.NDCG, 0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metric.key(Metric.HR, -1));
        assertThrows(NullPointerException.class, () -> Metric.key(null, 10));
    }
}
