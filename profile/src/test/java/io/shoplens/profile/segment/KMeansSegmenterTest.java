package io.shoplens.profile.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KMeansSegmenterTest {
    @TempDir
    Path dir;

    /** Three tight blobs in two dimensions, 60 points each, interleaved. */
    private static double[][] blobs() {
        Random r = new Random(3);
        double[][] x = new double[180][];
        double[][] centers = {{0, 0}, {10, 0}, {0, 10}};
        for (int i = 0; i < x.length; i++) {
            double[] c = centers[i % 3];
            x[i] = new double[] {c[0] + r.nextGaussian() * 0.3, c[1] + r.nextGaussian() * 0.3};
        }
        return x;
    }

    @Test
    void findsThreeBlobsDeterministicallyAndSurvivesSaveAndLoad() {
        SegmentParams p = SegmentParams.from(Map.of("kMax", "5", "silhouetteUsers", "180", "seed", "9"));
        SegmentModel a = new KMeansSegmenter(p).train(blobs(), List.of("x", "y"), "test");
        SegmentModel b = new KMeansSegmenter(p).train(blobs(), List.of("x", "y"), "test");
        assertEquals(3, a.k());
        for (int c = 0; c < a.k(); c++) {
            assertArrayEquals(a.centroid(c), b.centroid(c), 0.0);
        }
        double[][] x = blobs();
        int[] truth = new int[x.length];
        int[] found = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            truth[i] = i % 3;
            found[i] = a.assign(x[i]);
        }
        assertEquals(1.0, AdjustedRandIndex.of(truth, found), 1e-12);
        assertTrue(a.silhouettes().get(3) > a.silhouettes().get(2));
        Path f = dir.resolve("segments.bin");
        a.save(f);
        SegmentModel back = SegmentModel.load(f);
        assertEquals(a.k(), back.k());
        assertEquals(a.silhouettes(), back.silhouettes());
        for (int i = 0; i < x.length; i++) {
            assertEquals(found[i], back.assign(x[i]));
        }
        assertEquals("9", back.provenance().params().get("seed"));
    }

    @Test
    void describesCentroidsInWordsAndRejectsBadParameters() {
        SegmentModel m = new SegmentModel(List.of("activity", "buy_share"), new double[] {0, 0}, new double[] {1, 1},
                new double[][] {{1.8, -0.2}, {0.1, 0.3}}, Map.of(2, 0.5), null);
        List<SegmentFeatures.Feature> words = SegmentFeatures.of(false).subList(0, 3);
        List<SegmentFeatures.Feature> two = List.of(words.get(0), words.get(2));
        assertEquals("very active (+1.8 sd)", m.describe(0, two));
        assertEquals("close to the average user", m.describe(1, two));
        assertThrows(IllegalArgumentException.class, () -> SegmentParams.from(Map.of("k", "3")));
        assertThrows(IllegalArgumentException.class, () -> SegmentParams.from(Map.of("kMin", "6", "kMax", "4")));
    }
}
