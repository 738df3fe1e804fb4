package io.shoplens.predict.image;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.predict.tabular.Djl;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained image classifier (see {@link CnnParams}) with its embedding: the output of the dense layer before the
 * class layer, which places visually similar products close together (see {@link SimilarImages}).
 *
 * <p>The network lives in native (PyTorch) memory owned by this object: {@link #close()} frees it. Scoring only
 * reads the weights and gives each call its own memory scope, so one model may serve many threads at once.
 */
public final class CnnModel implements AutoCloseable {
    private static final int BATCH = 512;
    private final CnnParams params;
    private final List<String> classNames;
    private final int rows;
    private final int cols;
    private final float mean;
    private final float sd;
    private final byte[] weights;
    private final List<CnnTrainer.Epoch> history;
    private final Provenance provenance;
    private final NDManager manager;
    private final CnnNetwork net;

    CnnModel(CnnParams params, List<String> classNames, int rows, int cols, float mean, float sd, byte[] weights,
             List<CnnTrainer.Epoch> history, Provenance provenance) {
        this.params = params;
        this.classNames = List.copyOf(classNames);
        this.rows = rows;
        this.cols = cols;
        this.mean = mean;
        this.sd = sd;
        this.weights = weights.clone();
        this.history = List.copyOf(history);
        this.provenance = provenance;
        this.manager = Djl.engine().newBaseManager(Device.cpu());
        this.net = new CnnNetwork(params, classNames.size());
        try {
            net.full.initialize(manager, DataType.FLOAT32, new Shape(1, 1, rows, cols));
            net.full.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(this.weights)));
        } catch (IOException | MalformedModelException e) {
            manager.close();
            throw new IllegalStateException("cannot load CNN weights: " + e.getMessage(), e);
        }
    }

    /** The class names, by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** Units of the embedding. */
    public int embeddingSize() {
        return params.embedding();
    }

    /** The hyperparameters. */
    public CnnParams params() {
        return params;
    }

    /** Per-epoch training history (empty for a loaded model). */
    public List<CnnTrainer.Epoch> history() {
        return history;
    }

    /** How the model was made; {@code trainSeconds} is the training wall time. */
    public Provenance provenance() {
        return provenance;
    }

    /** Class probabilities of every image, {@code size × classes}. */
    public float[][] probabilities(ImageSet set) {
        return run(set, false);
    }

    /** Embeddings of every image, {@code size × embeddingSize()} (non-negative, after ReLU). */
    public float[][] embeddings(ImageSet set) {
        return run(set, true);
    }

    /** The most probable class of every image. */
    public int[] predict(ImageSet set) {
        float[][] p = probabilities(set);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int k = 1; k < p[i].length; k++) {
                if (p[i][k] > p[i][best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Share of images whose predicted class is their label. */
    public double accuracy(ImageSet set) {
        if (set.size() == 0) {
            throw new IllegalArgumentException("no images to score");
        }
        int[] p = predict(set);
        long hits = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == set.labels()[i]) {
                hits++;
            }
        }
        return (double) hits / p.length;
    }

    private float[][] run(ImageSet set, boolean embed) {
        if (set.rows() != rows || set.cols() != cols) {
            throw new IllegalArgumentException("the model takes " + rows + "x" + cols + " images, got " + set.rows()
                    + "x" + set.cols());
        }
        int p = rows * cols;
        float[][] out = new float[set.size()][];
        for (int start = 0; start < set.size(); start += BATCH) {
            int len = Math.min(BATCH, set.size() - start);
            float[] x = new float[len * p];
            for (int j = 0; j < len; j++) {
                CnnTrainer.fill(set, start + j, false, mean, sd, x, j * p);
            }
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDArray in = scope.create(x, new Shape(len, 1, rows, cols));
                NDList h = net.trunk.forward(ps, new NDList(in), false);
                NDArray result = embed ? h.singletonOrThrow()
                        : net.head.forward(ps, h, false).singletonOrThrow().softmax(1);
                float[] flat = result.toFloatArray();
                int width = (int) result.getShape().get(1);
                for (int j = 0; j < len; j++) {
                    out[start + j] = java.util.Arrays.copyOfRange(flat, j * width, (j + 1) * width);
                }
            }
        }
        return out;
    }

    /** Saves the model with its provenance atomically. */
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            out.writeInt(rows);
            out.writeInt(cols);
            out.writeFloat(mean);
            out.writeFloat(sd);
            out.writeInt(classNames.size());
            for (String name : classNames) {
                out.writeUTF(name);
            }
            out.writeInt(weights.length);
            out.write(weights);
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static CnnModel load(Path file) {
        return ModelFiles.read(file, CnnParams.NAME, CnnModel::read);
    }

    private static CnnModel read(DataInputStream in, Provenance provenance) throws IOException {
        int r = in.readInt();
        int c = in.readInt();
        float mean = in.readFloat();
        float sd = in.readFloat();
        int k = in.readInt();
        if (r < 1 || c < 1 || k < 2 || k > 1_000_000) {
            throw new IOException("corrupt CNN model: " + r + "x" + c + " images, " + k + " classes");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add(in.readUTF());
        }
        int n = in.readInt();
        if (n < 0 || n > (1 << 30)) {
            throw new IOException("corrupt CNN model: " + n + " weight bytes");
        }
        byte[] w = new byte[n];
        in.readFully(w);
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>(provenance.params());
        p.remove("epochsKept");
        return new CnnModel(CnnParams.from(p), names, r, c, mean, sd, w, List.of(), provenance);
    }

    @Override
    public void close() {
        manager.close();
    }
}
