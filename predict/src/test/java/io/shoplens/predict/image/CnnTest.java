package io.shoplens.predict.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.predict.tabular.MlpParams;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CnnTest {
    private static final CnnParams TINY = new CnnParams(4, 2, 16, 0, 10, 32, 0.01, "constant", 0, 3, false, 1, 3);

    @TempDir
    Path dir;

    @Test
    void aTinyCnnLearnsBarOrientationAndItsEmbeddingsGroupClasses() {
        ImageSet train = TinyImages.make(300, 1);
        ImageSet valid = TinyImages.make(90, 2);
        ImageSet test = TinyImages.make(90, 3);
        try (CnnModel m = new CnnTrainer(TINY).train(train, valid, "tiny")) {
            double acc = m.accuracy(test);
            assertTrue(acc >= 0.9, "test accuracy " + acc);
            float[][] p = m.probabilities(test);
            assertEquals(90, p.length);
            assertEquals(3, p[0].length);
            assertEquals(1.0, p[0][0] + p[0][1] + p[0][2], 1e-5);
            float[][] e = m.embeddings(test);
            assertEquals(16, e[0].length);
            SimilarImages index = new SimilarImages(e);
            int same = 0;
            for (int i = 0; i < test.size(); i++) {
                SimilarImages.Neighbour nb = index.similarTo(i, 1).get(0);
                if (test.labels()[nb.item()] == test.labels()[i]) {
                    same++;
                }
            }
            assertTrue(same >= 0.8 * test.size(), same + " of " + test.size() + " nearest neighbours share the class");
            assertTrue(m.provenance().trainSeconds() > 0);
            assertTrue(Integer.parseInt(m.provenance().params().get("epochsKept")) >= 1);
            Path f = dir.resolve("cnn.model");
            m.save(f);
            try (CnnModel back = CnnModel.load(f)) {
                float[][] q = back.probabilities(test);
                for (int i = 0; i < q.length; i++) {
                    assertArrayEquals(p[i], q[i], 1e-5f);
                }
                assertEquals(m.provenance(), back.provenance());
            }
        }
    }

    @Test
    void theExperimentComparesTheCnnWithBothBaselinesOnHeldOutImages() {
        ImageCategoryExperiment.Report r = new ImageCategoryExperiment(TINY,
                new MlpParams(List.of(), 5, 32, 0.01, 0, 0, 3, 1, 1), 60, 5)
                .run(TinyImages.make(300, 6), TinyImages.make(90, 7), "tiny");
        assertEquals(List.of("majority-class", "softmax-regression (pixels)", "cnn"),
                r.models().stream().map(ImageCategoryExperiment.ModelResult::name).toList());
        assertEquals(240, r.trainImages());
        assertEquals(60, r.validationImages());
        double majority = r.models().get(0).testAccuracy();
        double cnn = r.models().get(2).testAccuracy();
        assertTrue(cnn > majority + 0.4, "cnn " + cnn + " vs majority " + majority);
        assertTrue(r.similarity().embeddingPrecision() > r.similarity().pixelPrecision(),
                "embeddings " + r.similarity().embeddingPrecision() + " vs pixels " + r.similarity().pixelPrecision());
        assertEquals(r.cnnEpochs().size(), r.cnnEpochs().get(r.cnnEpochs().size() - 1).epoch());
    }

    @Test
    void wrongImageSizesAndBadParametersFailClearly() {
        ImageSet train = TinyImages.make(20, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CnnTrainer(new CnnParams(4, 4, 8, 0, 1, 8, 0.01, "cosine", 0, 1, false, 1, 1))
                        .train(train, train, "x"));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CnnParams.from(Map.of("blocks", "9")));
        assertTrue(e.getMessage().contains("blocks=9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CnnParams.from(Map.of("schedule", "step")));
        assertTrue(e.getMessage().contains("schedule"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ImageSet(2, 2, new byte[4], new int[] {5}, List.of("a", "b")));
        assertTrue(e.getMessage().contains("label 5"), e.getMessage());
        try (CnnModel m = new CnnTrainer(new CnnParams(2, 1, 4, 0, 1, 8, 0.01, "cosine", 0, 1, false, 1, 1))
                .train(train, train, "x")) {
            ImageSet other = new ImageSet(4, 4, new byte[16], new int[] {0}, List.of("a", "b", "c"));
            e = assertThrows(IllegalArgumentException.class, () -> m.probabilities(other));
            assertTrue(e.getMessage().contains("12x12"), e.getMessage());
        }
    }
}
