package io.shoplens.predict.image;

import java.util.List;
import java.util.SplittableRandom;

/** Tiny generated images: a horizontal bar, a vertical bar or a diagonal, at a random place, with noise. */
final class TinyImages {
    static final int SIDE = 12;

    private TinyImages() {
    }

    static ImageSet make(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * SIDE * SIDE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(3);
            labels[i] = label;
            int base = i * SIDE * SIDE;
            for (int k = 0; k < SIDE * SIDE; k++) {
                px[base + k] = (byte) r.nextInt(60);
            }
            int at = 2 + r.nextInt(SIDE - 4);
            for (int t = 1; t < SIDE - 1; t++) {
                int y = label == 0 ? at : t;
                int x = label == 1 ? at : t;
                if (label == 2) {
                    y = t;
                    x = Math.min(SIDE - 1, Math.max(0, t + at - SIDE / 2));
                }
                px[base + y * SIDE + x] = (byte) (200 + r.nextInt(56));
            }
        }
        return new ImageSet(SIDE, SIDE, px, labels, List.of("horizontal", "vertical", "diagonal"));
    }
}
