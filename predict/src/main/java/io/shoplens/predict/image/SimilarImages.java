package io.shoplens.predict.image;

import java.util.ArrayList;
import java.util.List;

/**
 * "Visually similar items": nearest neighbours of an image among a catalogue's images by cosine similarity of CNN
 * embeddings (see {@link CnnModel#embeddings}). The same vectors serve cold-start content recommendation: an item
 * without any behaviour still has an image. Immutable and thread-safe.
 */
public final class SimilarImages {
    private final float[][] unit;

    /** An index over {@code embeddings} (one row per item; the row index is the item). */
    public SimilarImages(float[][] embeddings) {
        unit = new float[embeddings.length][];
        for (int i = 0; i < embeddings.length; i++) {
            double norm = 0;
            for (float v : embeddings[i]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            unit[i] = new float[embeddings[i].length];
            for (int j = 0; j < unit[i].length; j++) {
                unit[i][j] = norm > 0 ? (float) (embeddings[i][j] / norm) : 0f;
            }
        }
    }

    /**
     * A neighbour.
     *
     * @param item       row index in the index
     * @param similarity cosine similarity in [-1, 1] (in [0, 1] for ReLU embeddings)
     */
    public record Neighbour(int item, double similarity) {
    }

    /** The {@code k} items most similar to item {@code item}, itself excluded, most similar first (ties by index). */
    public List<Neighbour> similarTo(int item, int k) {
        if (item < 0 || item >= unit.length) {
            throw new IllegalArgumentException("item " + item + " is outside 0.." + (unit.length - 1));
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        float[] q = unit[item];
        List<Neighbour> all = new ArrayList<>(unit.length);
        for (int i = 0; i < unit.length; i++) {
            if (i == item) {
                continue;
            }
            double s = 0;
            for (int j = 0; j < q.length; j++) {
                s += q[j] * unit[i][j];
            }
            all.add(new Neighbour(i, s));
        }
        all.sort((a, b) -> a.similarity() != b.similarity() ? Double.compare(b.similarity(), a.similarity())
                : Integer.compare(a.item(), b.item()));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
