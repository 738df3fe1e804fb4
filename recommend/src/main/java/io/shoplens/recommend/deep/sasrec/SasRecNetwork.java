package io.shoplens.recommend.deep.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import io.shoplens.recommend.deep.train.Parameters;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The SASRec network (Kang &amp; McAuley 2018, section III): item embeddings scaled by √d plus learned positional
 * embeddings, dropout, then {@code blocks} self-attention blocks, each
 * {@code q = LN(x); x = q + MHA(q, x, x); y = LN(x); x = (y + Dropout(W₂·Dropout(ReLU(W₁y + b₁)) + b₂)) · m},
 * and a final layer norm. The attention is this class's own: queries, keys and values are linear projections,
 * scores are scaled by 1/√(d/heads), and an additive mask of −10⁹ removes every key that is in the future
 * (causality: position i sees positions j ≤ i only) or padding, before the softmax and attention dropout. m zeroes
 * padded positions. Item index i is embedding row i + 1; row 0 is padding.
 *
 * <p>Tensors (names as in the parameter maps): {@code item} (n+1)×d, {@code position} L×d, per block b
 * {@code b.ln1.gamma/beta}, {@code b.q/k/v.weight} d×d and {@code .bias} d, {@code b.ln2.gamma/beta},
 * {@code b.ff1/ff2.weight} d×d and {@code .bias} d, and {@code final.gamma/beta}. Stateless and thread-safe.
 */
final class SasRecNetwork {
    /** The additive mask value for disallowed keys: exp(−10⁹) is exactly 0 in float. */
    static final float MASKED = -1e9f;
    private static final float LN_EPS = 1e-8f;

    private final int maxLen;
    private final int hidden;
    private final int blocks;
    private final int heads;
    private final float dropout;

    SasRecNetwork(SasRecParams p) {
        this.maxLen = p.maxLen();
        this.hidden = p.hidden();
        this.blocks = p.blocks();
        this.heads = p.heads();
        this.dropout = (float) p.dropout();
    }

    int maxLen() {
        return maxLen;
    }

    int hidden() {
        return hidden;
    }

    /** Creates the tensors for {@code numItems} items. */
    void initialise(Parameters p, int numItems, SplittableRandom rnd) {
        p.add("item", new Shape(numItems + 1L, hidden), Parameters.Init.XAVIER_UNIFORM, rnd);
        p.add("position", new Shape(maxLen, hidden), Parameters.Init.XAVIER_UNIFORM, rnd);
        for (int b = 0; b < blocks; b++) {
            layerNorm(p, b + ".ln1");
            for (String proj : new String[] {".q", ".k", ".v", ".ff1", ".ff2"}) {
                p.add(b + proj + ".weight", new Shape(hidden, hidden), Parameters.Init.XAVIER_UNIFORM, rnd);
                p.add(b + proj + ".bias", new Shape(hidden), Parameters.Init.ZEROS, rnd);
            }
            layerNorm(p, b + ".ln2");
        }
        layerNorm(p, "final");
    }

    private void layerNorm(Parameters p, String name) {
        p.add(name + ".gamma", new Shape(hidden), Parameters.Init.ONES, null);
        p.add(name + ".beta", new Shape(hidden), Parameters.Init.ZEROS, null);
    }

    /**
     * The inputs of a batch: item sequences (shifted by one, 0 = padding, right-aligned), the mask of real
     * positions and the additive attention mask.
     *
     * @param sequence B×L int64
     * @param timeline B×L×1 float, 1 at real positions
     * @param mask     B×L×L float, 0 where query i may attend key j (j ≤ i and j real), {@link #MASKED} elsewhere
     */
    record Inputs(NDArray sequence, NDArray timeline, NDArray mask) {
    }

    /**
     * Builds the inputs of {@code rows} sequences stored row after row in {@code seq}, each of the same width w in
     * [1, L]: the last w positions of the right-aligned window. Cutting off positions that are padding in every row
     * changes nothing at the real positions (padding keys are masked and padding outputs zeroed) but saves time.
     */
    Inputs inputs(NDManager m, long[] seq, int rows) {
        int l = seq.length / rows;
        if (l < 1 || l > maxLen || l * rows != seq.length) {
            throw new IllegalArgumentException(seq.length + " ids do not make " + rows + " rows of width 1.."
                    + maxLen);
        }
        float[] timeline = new float[rows * l];
        float[] mask = new float[rows * l * l];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < l; j++) {
                timeline[r * l + j] = seq[r * l + j] != 0 ? 1f : 0f;
            }
            for (int i = 0; i < l; i++) {
                int base = (r * l + i) * l;
                for (int j = 0; j < l; j++) {
                    mask[base + j] = j <= i && seq[r * l + j] != 0 ? 0f : MASKED;
                }
            }
        }
        return new Inputs(m.create(seq, new Shape(rows, l)), m.create(FloatBuffer.wrap(timeline),
                new Shape(rows, l, 1)), m.create(FloatBuffer.wrap(mask), new Shape(rows, l, l)));
    }

    /**
     * The hidden states B×L×d. When {@code attention} is not null, its first element receives the last block's
     * attention weights averaged over heads, B×L×L (row i: how much position i attends to each position).
     */
    NDArray forward(Map<String, NDArray> w, Inputs in, boolean training, NDArray[] attention) {
        NDArray x = Embedding.embedding(in.sequence(), w.get("item"), SparseFormat.DENSE).singletonOrThrow();
        long width = in.sequence().getShape().get(1);
        NDArray position = width == maxLen ? w.get("position") : w.get("position").get(new NDIndex((maxLen - width)
                + ":"));
        x = x.mul((float) Math.sqrt(hidden)).add(position);
        x = Dropout.dropout(x, dropout, training).singletonOrThrow().mul(in.timeline());
        Shape norm = new Shape(hidden);
        for (int b = 0; b < blocks; b++) {
            NDArray q = LayerNorm.layerNorm(x, norm, w.get(b + ".ln1.gamma"), w.get(b + ".ln1.beta"), LN_EPS)
                    .singletonOrThrow();
            NDArray att = attention(w, b, q, x, in.mask(), training, b == blocks - 1 ? attention : null);
            x = q.add(att);
            NDArray y = LayerNorm.layerNorm(x, norm, w.get(b + ".ln2.gamma"), w.get(b + ".ln2.beta"), LN_EPS)
                    .singletonOrThrow();
            NDArray f = Activation.relu(linear(w, b + ".ff1", y));
            f = Dropout.dropout(f, dropout, training).singletonOrThrow();
            f = Dropout.dropout(linear(w, b + ".ff2", f), dropout, training).singletonOrThrow();
            x = y.add(f).mul(in.timeline());
        }
        return LayerNorm.layerNorm(x, norm, w.get("final.gamma"), w.get("final.beta"), LN_EPS).singletonOrThrow();
    }

    private static NDArray linear(Map<String, NDArray> w, String name, NDArray x) {
        return Linear.linear(x, w.get(name + ".weight"), w.get(name + ".bias")).singletonOrThrow();
    }

    /** Causal masked multi-head attention of queries from {@code q} over keys and values from {@code kv}. */
    private NDArray attention(Map<String, NDArray> w, int b, NDArray q, NDArray kv, NDArray mask, boolean training,
                              NDArray[] weightsOut) {
        NDArray qs = linear(w, b + ".q", q);
        NDArray ks = linear(w, b + ".k", kv);
        NDArray vs = linear(w, b + ".v", kv);
        long rows = q.getShape().get(0);
        long width = q.getShape().get(1);
        int dh = hidden / heads;
        float scale = (float) (1 / Math.sqrt(dh));
        if (heads == 1) {
            NDArray scores = qs.matMul(ks.transpose(0, 2, 1)).mul(scale).add(mask);
            NDArray p = scores.softmax(-1);
            if (weightsOut != null) {
                weightsOut[0] = p;
            }
            return Dropout.dropout(p, dropout, training).singletonOrThrow().matMul(vs);
        }
        Shape split = new Shape(rows, width, heads, dh);
        NDArray qh = qs.reshape(split).transpose(0, 2, 1, 3);
        NDArray kh = ks.reshape(split).transpose(0, 2, 3, 1);
        NDArray vh = vs.reshape(split).transpose(0, 2, 1, 3);
        NDArray scores = qh.matMul(kh).mul(scale).add(mask.expandDims(1));
        NDArray p = scores.softmax(-1);
        if (weightsOut != null) {
            weightsOut[0] = p.mean(new int[] {1});
        }
        NDArray out = Dropout.dropout(p, dropout, training).singletonOrThrow().matMul(vh);
        return out.transpose(0, 2, 1, 3).reshape(rows, width, hidden);
    }
}
