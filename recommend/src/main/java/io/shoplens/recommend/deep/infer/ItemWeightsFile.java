package io.shoplens.recommend.deep.infer;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.recommend.common.ItemCap;
import io.shoplens.recommend.deep.train.Weights;
import java.io.DataInput;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The saved form of a deep model that its item count, its weights and the parameters in its provenance fully
 * describe (SASRec, GRU4Rec, Mult-VAE): {@link ModelFiles}' atomic, checksummed envelope around the item count
 * (int) and the {@link Weights}. A model whose parameters include {@value #CAP_PARAM} (Mult-VAE) writes its
 * {@link ItemCap} between the two ({@link #write(Path, Provenance, ItemCap, Weights)}).
 */
public final class ItemWeightsFile {
    /**
     * The parameter of a model trained on an {@link ItemCap}: a file whose provenance has it holds the cap after the
     * item count; one written before the model had the parameter holds none and loads with every item.
     */
    public static final String CAP_PARAM = "maxItems";

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

    /**
     * Rebuilds a model over the items of a cap from what a file holds; as {@link Factory}.
     *
     * @param <M> the model type
     */
    @FunctionalInterface
    public interface CappedFactory<M> {
        /** The model over the items of {@code cap} with {@code weights}. */
        M create(ItemCap cap, Weights weights, Provenance provenance);
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

    /**
     * Writes {@code weights} of a model trained on the items of {@code cap} to {@code file}, atomically: the item
     * count, the cap and the weights. Its provenance must carry {@value #CAP_PARAM}.
     */
    public static void write(Path file, Provenance provenance, ItemCap cap, Weights weights) {
        if (!provenance.params().containsKey(CAP_PARAM)) {
            throw new IllegalArgumentException("a model saved with an item cap needs " + CAP_PARAM
                    + " among its parameters, got " + provenance.params().keySet());
        }
        ModelFiles.write(file, provenance, out -> {
            out.writeInt(cap.numItems());
            cap.write(out);
            weights.write(out);
        });
    }

    /**
     * Reads a model written by {@link #write(Path, Provenance, ItemCap, Weights)}, or by
     * {@link #write(Path, Provenance, int, Weights)} before the model had {@value #CAP_PARAM} (then over every
     * item); errors as {@link #read}.
     */
    public static <M> M readCapped(Path file, String algorithm, String label, CappedFactory<M> factory) {
        return ModelFiles.read(file, algorithm, (in, provenance) -> {
            int numItems = in.readInt();
            if (numItems < 0) {
                throw new IOException("corrupt " + label + " model: " + numItems + " items");
            }
            ItemCap cap = readCap(in, numItems, provenance);
            Weights w = Weights.read(in);
            try {
                return factory.create(cap, w, provenance);
            } catch (IllegalArgumentException e) {
                throw new IOException("corrupt " + label + " model: " + e.getMessage(), e);
            }
        });
    }

    /**
     * The cap of a model over {@code numItems} items: read from {@code in} ({@link ItemCap#write}) when the
     * provenance has {@value #CAP_PARAM}, else every item (a file written before the parameter existed).
     */
    public static ItemCap readCap(DataInput in, int numItems, Provenance provenance) throws IOException {
        return provenance.params().containsKey(CAP_PARAM) ? ItemCap.read(in, numItems) : ItemCap.all(numItems);
    }
}
