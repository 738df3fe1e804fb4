package io.shoplens.recommend.deep.infer;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.recommend.deep.train.Weights;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The saved form of a deep model that its item count, its weights and the parameters in its provenance fully
 * describe (SASRec, GRU4Rec, Mult-VAE): {@link ModelFiles}' atomic, checksummed envelope around the item count
 * (int) and the {@link Weights}.
 */
public final class ItemWeightsFile {
    private ItemWeightsFile() {
    }

    /**
     * Rebuilds a model from what a file holds; throws {@link IllegalArgumentException} when the parameters in the
     * provenance or the weights' shapes do not fit the model.
     *
     * @param <M> the model type
     */
    @FunctionalInterface
    public interface Factory<M> {
        /** The model over {@code numItems} items (≥ 0) with {@code weights}. */
        M create(int numItems, Weights weights, Provenance provenance);
    }

    /** Writes {@code weights} of a model over {@code numItems} items to {@code file}, atomically. */
    public static void write(Path file, Provenance provenance, int numItems, Weights weights) {
        ModelFiles.write(file, provenance, out -> {
            out.writeInt(numItems);
            weights.write(out);
        });
    }

    /**
     * Reads a model of {@code algorithm} (the registry name, e.g. {@code sasrec}) written by {@link #write}; a file
     * whose content does not make a model fails with a message naming the file's {@code label} (e.g. SASRec).
     */
    public static <M> M read(Path file, String algorithm, String label, Factory<M> factory) {
        return ModelFiles.read(file, algorithm, (in, provenance) -> {
            int numItems = in.readInt();
            if (numItems < 0) {
                throw new IOException("corrupt " + label + " model: " + numItems + " items");
            }
            Weights w = Weights.read(in);
            try {
                return factory.create(numItems, w, provenance);
            } catch (IllegalArgumentException e) {
                throw new IOException("corrupt " + label + " model: " + e.getMessage(), e);
            }
        });
    }
}
