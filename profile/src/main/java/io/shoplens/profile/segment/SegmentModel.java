package io.shoplens.profile.segment;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Segments of users as k-means centroids on standardised profile features: assigns a user's raw feature vector
 * to the nearest centroid (Euclidean distance after standardising; missing values take the mean) and describes
 * each segment in words from its centroid's largest standardised deviations. Segment 0 is the largest on the
 * fitting sample. Immutable and thread-safe.
 */
public final class SegmentModel {
    /** Smallest |deviation| in standard deviations that a description mentions. */
    public static final double DESCRIBE_MIN_SD = 0.5;
    private static final int DESCRIBE_TOP = 3;

    private final List<String> features;
    private final double[] mean;
    private final double[] sd;
    private final double[][] centroids;
    private final Map<Integer, Double> silhouettes;
    private final Provenance provenance;

    /**
     * A model.
     *
     * @param features    feature names, in vector order (see {@link SegmentFeatures})
     * @param mean        each feature's mean on the fitting users
     * @param sd          each feature's standard deviation (1 for constant features)
     * @param centroids   k centroids in standardised units
     * @param silhouettes mean silhouette on the sample for every k tried
     * @param provenance  parameters, data fingerprint, seed
     */
    public SegmentModel(List<String> features, double[] mean, double[] sd, double[][] centroids,
            Map<Integer, Double> silhouettes, Provenance provenance) {
        this.features = List.copyOf(features);
        this.mean = mean.clone();
        this.sd = sd.clone();
        this.centroids = new double[centroids.length][];
        for (int c = 0; c < centroids.length; c++) {
            if (centroids[c].length != features.size()) {
                throw new IllegalArgumentException("centroid " + c + " has " + centroids[c].length + " values for "
                        + features.size() + " features");
            }
            this.centroids[c] = centroids[c].clone();
        }
        this.silhouettes = Map.copyOf(silhouettes);
        this.provenance = provenance;
    }

    /** Number of segments. */
    public int k() {
        return centroids.length;
    }

    /** Feature names. */
    public List<String> features() {
        return features;
    }

    /** Centroid {@code c} in standardised units (a copy). */
    public double[] centroid(int c) {
        return centroids[c].clone();
    }

    /** Mean silhouette for every k tried. */
    public Map<Integer, Double> silhouettes() {
        return silhouettes;
    }

    /** Where the model came from. */
    public Provenance provenance() {
        return provenance;
    }

    /** {@code raw} standardised in place (NaN becomes 0, the mean) and returned. */
    public double[] standardise(double[] raw) {
        for (int j = 0; j < raw.length; j++) {
            raw[j] = Double.isNaN(raw[j]) ? 0 : (raw[j] - mean[j]) / sd[j];
        }
        return raw;
    }

    /** The segment of a standardised vector: the nearest centroid, the lowest index on ties. */
    public int nearest(double[] z) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = 0;
            for (int j = 0; j < z.length; j++) {
                double t = z[j] - centroids[c][j];
                d += t * t;
            }
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    /** The segment of a raw feature vector (not modified). */
    public int assign(double[] raw) {
        return nearest(standardise(raw.clone()));
    }

    /**
     * Segment {@code c} in words: up to three features whose centroid lies at least {@value #DESCRIBE_MIN_SD}
     * standard deviations from the mean, largest first, e.g. "buys often (+1.8 sd), active at night (+1.5 sd)".
     */
    public String describe(int c, List<SegmentFeatures.Feature> words) {
        Integer[] order = new Integer[features.size()];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -Math.abs(centroids[c][j]))
                .thenComparingInt(j -> j));
        List<String> parts = new ArrayList<>();
        for (int j : order) {
            double z = centroids[c][j];
            if (parts.size() == DESCRIBE_TOP || Math.abs(z) < DESCRIBE_MIN_SD) {
                break;
            }
            SegmentFeatures.Feature f = words.get(j);
            parts.add(String.format(Locale.ROOT, "%s (%+.1f sd)", z > 0 ? f.high() : f.low(), z));
        }
        return parts.isEmpty() ? "close to the average user" : String.join(", ", parts);
    }

    /** Saves the model atomically. */
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            out.writeInt(features.size());
            for (String f : features) {
                out.writeUTF(f);
            }
            for (int j = 0; j < features.size(); j++) {
                out.writeDouble(mean[j]);
                out.writeDouble(sd[j]);
            }
            out.writeInt(centroids.length);
            for (double[] c : centroids) {
                for (double v : c) {
                    out.writeDouble(v);
                }
            }
            out.writeInt(silhouettes.size());
            for (Map.Entry<Integer, Double> e : new java.util.TreeMap<>(silhouettes).entrySet()) {
                out.writeInt(e.getKey());
                out.writeDouble(e.getValue());
            }
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static SegmentModel load(Path file) {
        return ModelFiles.read(file, SegmentParams.NAME, SegmentModel::read);
    }

    private static SegmentModel read(DataInputStream in, Provenance p) throws IOException {
        int d = in.readInt();
        List<String> f = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            f.add(in.readUTF());
        }
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = in.readDouble();
            sd[j] = in.readDouble();
        }
        double[][] c = new double[in.readInt()][d];
        for (double[] row : c) {
            for (int j = 0; j < d; j++) {
                row[j] = in.readDouble();
            }
        }
        Map<Integer, Double> s = new java.util.TreeMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            s.put(in.readInt(), in.readDouble());
        }
        return new SegmentModel(f, mean, sd, c, s, p);
    }
}
