package io.shoplens.profile.segment;

import io.shoplens.core.model.Provenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link SegmentModel}: k-means (Lloyd 1982) with k-means++ seeding (Arthur and Vassilvitskii 2007), by
 * Apache Commons Math's {@code KMeansPlusPlusClusterer}, on z-scored profile features; k chosen by the mean
 * silhouette (Rousseeuw 1987) on a seeded sample of users.
 *
 * <p>For every k in kMin..kMax, k-means is fitted on a seeded sample of at most 20,000 users (and at most
 * {@code fitUsers}) and scored by the silhouette of a seeded sample of {@code silhouetteUsers} of them; the best
 * k is refitted on a sample of {@code fitUsers} users, whose centroids then segment everyone. Segments are
 * numbered by size on that sample, largest first. The same data and seed give the same model.
 */
public final class KMeansSegmenter {
    private static final Logger LOG = LoggerFactory.getLogger(KMeansSegmenter.class);
    private static final int SEARCH_USERS = 20_000;

    private final SegmentParams params;

    /** A trainer with {@code params}. */
    public KMeansSegmenter(SegmentParams params) {
        this.params = params;
    }

    /**
     * Fits segments to {@code x} (one raw feature row per user, NaN for missing values).
     *
     * @param features    the feature names of the columns
     * @param fingerprint identifies the data, for provenance
     */
    public SegmentModel train(double[][] x, List<String> features, String fingerprint) {
        long t0 = System.nanoTime();
        int n = x.length;
        int d = features.size();
        if (n < params.kMax() * 2L || n < 4) {
            throw new IllegalArgumentException("segmentation needs at least " + Math.max(4, 2 * params.kMax())
                    + " users for kMax = " + params.kMax() + ", got " + n);
        }
        double[] mean = new double[d];
        double[] sd = new double[d];
        moments(x, mean, sd);
        int[] order = shuffled(n, params.seed());
        List<DoublePoint> search = points(x, order, Math.min(n, Math.min(SEARCH_USERS, params.fitUsers())), mean, sd);
        List<DoublePoint> silhouetteSample = search.subList(0, Math.min(search.size(), params.silhouetteUsers()));
        Map<Integer, Double> silhouettes = new LinkedHashMap<>();
        int bestK = params.kMin();
        double best = Double.NEGATIVE_INFINITY;
        for (int k = params.kMin(); k <= Math.min(params.kMax(), search.size() - 1); k++) {
            double[][] c = fit(search, k);
            double s = Silhouette.mean(silhouetteSample, c);
            silhouettes.put(k, s);
            LOG.info("k = {}: silhouette {}", k, String.format(Locale.ROOT, "%.4f", s));
            if (s > best) {
                best = s;
                bestK = k;
            }
        }
        List<DoublePoint> fitSample = points(x, order, Math.min(n, params.fitUsers()), mean, sd);
        double[][] centroids = bySize(fitSample, fit(fitSample, bestK));
        Provenance p = new Provenance(SegmentParams.NAME, params.asMap(), fingerprint + "|features=" + features,
                params.seed(), Provenance.shoplensVersion(), Instant.now(), (System.nanoTime() - t0) / 1e9);
        return new SegmentModel(features, mean, sd, centroids, silhouettes, p);
    }

    private double[][] fit(List<DoublePoint> points, int k) {
        JDKRandomGenerator rng = new JDKRandomGenerator();
        rng.setSeed(params.seed() * 31 + k);
        KMeansPlusPlusClusterer<DoublePoint> km = new KMeansPlusPlusClusterer<>(k, params.maxIterations(),
                new EuclideanDistance(), rng);
        List<CentroidCluster<DoublePoint>> clusters = km.cluster(points);
        double[][] c = new double[clusters.size()][];
        for (int i = 0; i < c.length; i++) {
            c[i] = clusters.get(i).getCenter().getPoint().clone();
        }
        return c;
    }

    /** The centroids renumbered by how many of {@code points} are nearest to each, most first. */
    private static double[][] bySize(List<DoublePoint> points, double[][] c) {
        long[] size = new long[c.length];
        for (DoublePoint p : points) {
            size[Silhouette.nearest(p.getPoint(), c)]++;
        }
        Integer[] idx = new Integer[c.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> size[a] != size[b] ? Long.compare(size[b], size[a]) : Integer.compare(a, b));
        double[][] out = new double[c.length][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = c[idx[i]];
        }
        return out;
    }

    private static void moments(double[][] x, double[] mean, double[] sd) {
        int d = mean.length;
        long[] count = new long[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                if (!Double.isNaN(row[j])) {
                    mean[j] += row[j];
                    count[j]++;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] = count[j] == 0 ? 0 : mean[j] / count[j];
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                if (!Double.isNaN(row[j])) {
                    double t = row[j] - mean[j];
                    sd[j] += t * t;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            double s = count[j] < 2 ? 0 : Math.sqrt(sd[j] / (count[j] - 1));
            sd[j] = s > 1e-12 ? s : 1;
        }
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static List<DoublePoint> points(double[][] x, int[] order, int m, double[] mean, double[] sd) {
        List<DoublePoint> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            double[] z = x[order[i]].clone();
            for (int j = 0; j < z.length; j++) {
                z[j] = Double.isNaN(z[j]) ? 0 : (z[j] - mean[j]) / sd[j];
            }
            out.add(new DoublePoint(z));
        }
        return out;
    }
}
