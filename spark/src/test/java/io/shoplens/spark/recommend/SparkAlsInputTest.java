package io.shoplens.spark.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.recommend.common.InteractionMatrix;
import io.shoplens.recommend.common.Weighting;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The (user, item, rating) rows the trainer ships to Spark, without Spark: every matrix entry exactly once. */
class SparkAlsInputTest {
    static InteractionMatrix matrix() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long t = 1_500_000_000L;
        for (int u = 0; u < 7; u++) {
            for (int i = 0; i <= u; i++) {
                b.event(100 + u, 200 + (u * 3 + i) % 9, 1, i % 2 == 0 ? Behavior.PV : Behavior.BUY, t + i);
            }
            b.event(100 + u, 200, 1, Behavior.PV, t + 50);
        }
        InteractionStore s = b.build();
        return InteractionMatrix.of(s, new Weighting(1, 2, 3, 4, 0, true));
    }

    @Test
    void chunksHoldEveryEntryOnceInRowOrder() {
        InteractionMatrix m = matrix();
        List<String> expected = new ArrayList<>();
        for (int u = 0; u < m.numUsers(); u++) {
            for (int k = m.userStart(u); k < m.userEnd(u); k++) {
                expected.add(u + "/" + m.userItem(k) + "/" + m.userValue(k));
            }
        }
        for (int size : new int[] {1, 4, 7, m.nnz() - 1, m.nnz(), m.nnz() + 5}) {
            List<SparkAlsTrainer.Chunk> chunks = SparkAlsTrainer.chunks(m, size);
            assertEquals((m.nnz() + size - 1) / size, chunks.size(), "chunks of " + size);
            List<String> got = new ArrayList<>();
            for (SparkAlsTrainer.Chunk c : chunks) {
                for (Iterator<Row> it = SparkAlsTrainer.rowsOf(c); it.hasNext(); ) {
                    Row r = it.next();
                    got.add(r.getInt(0) + "/" + r.getInt(1) + "/" + r.getFloat(2));
                }
            }
            assertEquals(expected, got, "chunks of " + size);
        }
    }
}
