package io.shoplens.predict.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Metrics for binary, multiclass and regression predictions. All fail on empty or mismatched input. */
public final class Metrics {
    /** Probabilities are clipped to [EPS, 1 - EPS] in log-losses. */
    public static final double EPS = 1e-15;

    private Metrics() {
    }

    /**
     * Area under the ROC curve: the probability that a random positive scores above a random negative, ties
     * counting one half (Mann-Whitney U). NaN when only one class is present.
     */
    public static double auc(double[] score, float[] y) {
        check(score.length, y.length);
        int n = score.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[idx[j + 1]] == score[idx[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[idx[k]] > 0.5f) {
                    rankSumPos += midRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** Mean binary log-loss (natural log) of probabilities {@code p}. */
    public static double logLoss(double[] p, float[] y) {
        check(p.length, y.length);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            s -= y[i] > 0.5f ? Math.log(q) : Math.log(1 - q);
        }
        return s / p.length;
    }

    /** Precision, recall and F1 of the rule "positive when p >= threshold". */
    public record F1(double threshold, double precision, double recall, double f1) {
    }

    /** F1 at {@code threshold}. */
    public static F1 f1At(double[] p, float[] y, double threshold) {
        check(p.length, y.length);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < p.length; i++) {
            boolean predicted = p[i] >= threshold;
            boolean actual = y[i] > 0.5f;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            }
        }
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new F1(threshold, precision, recall, f1);
    }

    /** The threshold among the distinct predicted values that maximises F1 (choose it on validation, never test). */
    public static F1 bestF1(double[] p, float[] y) {
        check(p.length, y.length);
        int n = p.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(p[b], p[a]));
        long totalPos = 0;
        for (float v : y) {
            if (v > 0.5f) {
                totalPos++;
            }
        }
        F1 best = new F1(1.0, 0, 0, 0);
        long tp = 0;
        long predicted = 0;
        int i = 0;
        while (i < n) {
            double t = p[idx[i]];
            while (i < n && p[idx[i]] == t) {
                if (y[idx[i]] > 0.5f) {
                    tp++;
                }
                predicted++;
                i++;
            }
            double precision = (double) tp / predicted;
            double recall = totalPos == 0 ? 0 : (double) tp / totalPos;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (f1 > best.f1()) {
                best = new F1(t, precision, recall, f1);
            }
        }
        return best;
    }

    /**
     * One row of a calibration table.
     *
     * @param bin           decile 1..10 of the predicted probability (1 = lowest)
     * @param rows          rows in the bin
     * @param meanPredicted mean predicted probability
     * @param observedRate  share of positives
     */
    public record CalibrationBin(int bin, int rows, double meanPredicted, double observedRate) {
    }

    /** Rows sorted by predicted probability, cut into {@code bins} groups of (nearly) equal size. */
    public static List<CalibrationBin> calibration(double[] p, float[] y, int bins) {
        check(p.length, y.length);
        int n = p.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(p[a], p[b]));
        List<CalibrationBin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            int from = (int) ((long) n * b / bins);
            int to = (int) ((long) n * (b + 1) / bins);
            if (to <= from) {
                continue;
            }
            double sp = 0;
            double sy = 0;
            for (int k = from; k < to; k++) {
                sp += p[idx[k]];
                sy += y[idx[k]];
            }
            out.add(new CalibrationBin(b + 1, to - from, sp / (to - from), sy / (to - from)));
        }
        return out;
    }

    /** Share of rows whose highest-probability class is the label. */
    public static double accuracy(double[][] probs, float[] y) {
        check(probs.length, y.length);
        long hit = 0;
        for (int i = 0; i < probs.length; i++) {
            if (argmax(probs[i]) == (int) y[i]) {
                hit++;
            }
        }
        return (double) hit / probs.length;
    }

    /** Mean multi-class log-loss. */
    public static double multiLogLoss(double[][] probs, float[] y) {
        check(probs.length, y.length);
        double s = 0;
        for (int i = 0; i < probs.length; i++) {
            s -= Math.log(Math.min(1 - EPS, Math.max(EPS, probs[i][(int) y[i]])));
        }
        return s / probs.length;
    }

    /** Unweighted mean over classes of per-class F1 (classes absent from both labels and predictions are skipped). */
    public static double macroF1(double[][] probs, float[] y, int numClasses) {
        check(probs.length, y.length);
        long[] tp = new long[numClasses];
        long[] fp = new long[numClasses];
        long[] fn = new long[numClasses];
        for (int i = 0; i < probs.length; i++) {
            int pred = argmax(probs[i]);
            int actual = (int) y[i];
            if (pred == actual) {
                tp[actual]++;
            } else {
                fp[pred]++;
                fn[actual]++;
            }
        }
        double s = 0;
        int counted = 0;
        for (int k = 0; k < numClasses; k++) {
            if (tp[k] + fp[k] + fn[k] == 0) {
                continue;
            }
            s += 2.0 * tp[k] / (2.0 * tp[k] + fp[k] + fn[k]);
            counted++;
        }
        return counted == 0 ? Double.NaN : s / counted;
    }

    /** Mean absolute error. */
    public static double mae(double[] pred, float[] y) {
        check(pred.length, y.length);
        double s = 0;
        for (int i = 0; i < pred.length; i++) {
            s += Math.abs(pred[i] - y[i]);
        }
        return s / pred.length;
    }

    /** Mean absolute percentage error in percent, over rows with a non-zero label. */
    public static double mape(double[] pred, float[] y) {
        check(pred.length, y.length);
        double s = 0;
        int n = 0;
        for (int i = 0; i < pred.length; i++) {
            if (y[i] != 0) {
                s += Math.abs(pred[i] - y[i]) / Math.abs(y[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : 100 * s / n;
    }

    /** Root mean squared error. */
    public static double rmse(double[] pred, float[] y) {
        check(pred.length, y.length);
        double s = 0;
        for (int i = 0; i < pred.length; i++) {
            s += (pred[i] - y[i]) * (pred[i] - y[i]);
        }
        return Math.sqrt(s / pred.length);
    }

    /** Index of the largest value (the first on ties). */
    public static int argmax(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    private static void check(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException(a + " predictions for " + b + " labels");
        }
        if (a == 0) {
            throw new IllegalArgumentException("no rows to score");
        }
    }
}
