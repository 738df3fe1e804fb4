package io.shoplens.profile.segment;

import java.util.List;
import org.apache.commons.math3.ml.clustering.DoublePoint;

/**
 * The silhouette of a clustering (Rousseeuw, "Silhouettes: a graphical aid to the interpretation and validation
 * of cluster analysis", 1987): for each point, (b - a) / max(a, b) with a its mean Euclidean distance to the other
 * members of its cluster and b the smallest mean distance to another cluster's members; 0 for a point alone in
 * its cluster. The mean over points is in -1..1, higher for compact, well-separated clusters. Points belong to the
 * nearest centroid. Cost grows with the square of the number of points.
 */
public final class Silhouette {
    private Silhouette() {
    }

    /** Mean silhouette of {@code points} clustered by nearest of {@code centroids}. */
    public static double mean(List<DoublePoint> points, double[][] centroids) {
        int n = points.size();
        int k = centroids.length;
        int[] label = new int[n];
        int[] size = new int[k];
        for (int i = 0; i < n; i++) {
            label[i] = nearest(points.get(i).getPoint(), centroids);
            size[label[i]]++;
        }
        double total = 0;
        double[] sum = new double[k];
        for (int i = 0; i < n; i++) {
            if (size[label[i]] == 1) {
                continue;
            }
            java.util.Arrays.fill(sum, 0);
            double[] p = points.get(i).getPoint();
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[label[j]] += distance(p, points.get(j).getPoint());
                }
            }
            double a = sum[label[i]] / (size[label[i]] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != label[i] && size[c] > 0) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            if (b < Double.POSITIVE_INFINITY && Math.max(a, b) > 0) {
                total += (b - a) / Math.max(a, b);
            }
        }
        return total / n;
    }

    /** Index of the centroid nearest to {@code p}, the lowest on ties. */
    static int nearest(double[] p, double[][] centroids) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = 0;
            for (int j = 0; j < p.length; j++) {
                double t = p[j] - centroids[c][j];
                d += t * t;
            }
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    private static double distance(double[] a, double[] b) {
        double d = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            d += t * t;
        }
        return Math.sqrt(d);
    }
}
