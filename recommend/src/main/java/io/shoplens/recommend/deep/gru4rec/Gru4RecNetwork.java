package io.shoplens.recommend.deep.gru4rec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.Dropout;
import io.shoplens.recommend.deep.train.Parameters;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The GRU4Rec network on the engine: item embeddings, dropout, one recurrent layer (the engine's fused GRU or LSTM
 * kernel, PyTorch's gate equations) over the sequence from a zero state, dropout, and an output layer whose
 * score for item i at position t is {@code o_i · h_t + b_i}. Sequences are left-aligned and padded at the end, so
 * the state at a real position depends only on the items up to it (the recurrence runs forward in time) and
 * padding never reaches a real position.
 *
 * <p>Tensors: {@code item} (I+1)×e (row i+1 is item i, row 0 padding), {@code cell.ih.weight} (G·H)×e,
 * {@code cell.hh.weight} (G·H)×H, {@code cell.ih.bias} and {@code cell.hh.bias} G·H with the gates stacked in
 * PyTorch's order (GRU: reset, update, new; LSTM: input, forget, cell, output), {@code out.weight} I×H and
 * {@code out.bias} I. Stateless and thread-safe.
 */
final class Gru4RecNetwork {
    private final Gru4RecParams params;

    Gru4RecNetwork(Gru4RecParams params) {
        this.params = params;
    }

    /** Creates the tensors for {@code numItems} items: Glorot-uniform weights, zero biases. */
    void initialise(Parameters p, int numItems, SplittableRandom rnd) {
        int e = params.embedding();
        int h = params.hidden();
        int g = params.gates() * h;
        p.add("item", new Shape(numItems + 1L, e), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("cell.ih.weight", new Shape(g, e), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("cell.hh.weight", new Shape(g, h), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("cell.ih.bias", new Shape(g), Parameters.Init.ZEROS, rnd);
        p.add("cell.hh.bias", new Shape(g), Parameters.Init.ZEROS, rnd);
        p.add("out.weight", new Shape(numItems, h), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("out.bias", new Shape(numItems), Parameters.Init.ZEROS, rnd);
    }

    /**
     * The recurrent outputs B×L×H of the sequences {@code sequence} (B×L int64, shifted ids, left-aligned, 0 =
     * padding at the end); {@code training} turns dropout on.
     */
    NDArray forward(Map<String, NDArray> w, NDArray sequence, boolean training) {
        float dropout = (float) params.dropout();
        NDArray x = Embedding.embedding(sequence, w.get("item"), SparseFormat.DENSE).singletonOrThrow();
        x = Dropout.dropout(x, dropout, training).singletonOrThrow();
        NDList cell = new NDList(w.get("cell.ih.weight"), w.get("cell.hh.weight"), w.get("cell.ih.bias"),
                w.get("cell.hh.bias"));
        NDArray zero = x.getManager().zeros(new Shape(1, sequence.getShape().get(0), params.hidden()));
        NDList out = "gru".equals(params.cell())
                ? x.getNDArrayInternal().gru(x, zero, cell, true, 1, 0, training, false, true)
                : x.getNDArrayInternal().lstm(x, new NDList(zero, zero.duplicate()), cell, true, 1, 0, training,
                false, true);
        return Dropout.dropout(out.get(0), dropout, training).singletonOrThrow();
    }
}
