package io.shoplens.predict.tabular;

import io.shoplens.core.model.Provenance;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits binary logistic regression (Cox, "The regression analysis of binary sequences", JRSS B 1958) by Newton's
 * method on standardised features: each step solves {@code (XᵀWX + λI) Δ = Xᵀ(y - p) - λw} by Cholesky, with
 * step halving when the penalised log-likelihood does not improve. Deterministic; the validation table is not
 * used (the fit is convex and has no iterations to choose).
 */
public final class LogisticTrainer implements TabularTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(LogisticTrainer.class);
    private final LogisticParams params;

    /** A trainer with {@code params}. */
    public LogisticTrainer(LogisticParams params) {
        this.params = params;
    }

    @Override
    public String algorithm() {
        return LogisticParams.NAME;
    }

    @Override
    public LogisticModel train(Table train, Table validation) {
        if (train.task() != Task.BINARY) {
            throw new IllegalArgumentException("logistic regression here is binary; the table is " + train.task());
        }
        train.requireRows("the training table");
        train.requireFinite("logistic regression");
        long t0 = System.nanoTime();
        int d = train.columns();
        Standardizer st = Standardizer.fit(train.x(), d);
        int n = train.rows();
        double[][] z = new double[n][d + 1];
        for (int i = 0; i < n; i++) {
            float[] s = st.apply(train.x()[i]);
            z[i][0] = 1;
            for (int j = 0; j < d; j++) {
                z[i][j + 1] = s[j];
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = train.y()[i];
        }
        double[] w = new double[d + 1];
        double rate = train.positiveRate();
        w[0] = Math.log(Math.max(1e-6, rate) / Math.max(1e-6, 1 - rate));
        double obj = objective(z, y, w);
        int iter = 0;
        for (; iter < params.maxIter(); iter++) {
            double[][] h = new double[d + 1][d + 1];
            double[] g = new double[d + 1];
            for (int i = 0; i < n; i++) {
                double p = sigmoid(dot(z[i], w));
                double r = y[i] - p;
                double wt = Math.max(p * (1 - p), 1e-10);
                double[] zi = z[i];
                for (int a = 0; a <= d; a++) {
                    g[a] += r * zi[a];
                    double za = wt * zi[a];
                    for (int b = 0; b <= a; b++) {
                        h[a][b] += za * zi[b];
                    }
                }
            }
            for (int a = 1; a <= d; a++) {
                g[a] -= params.l2() * w[a];
                h[a][a] += params.l2();
            }
            h[0][0] += 1e-9;
            double[] step = Cholesky.solve(h, g);
            double scale = 1;
            double[] next = new double[d + 1];
            double nextObj;
            while (true) {
                for (int a = 0; a <= d; a++) {
                    next[a] = w[a] + scale * step[a];
                }
                nextObj = objective(z, y, next);
                if (nextObj <= obj + 1e-12 || scale < 1e-6) {
                    break;
                }
                scale /= 2;
            }
            double change = 0;
            for (int a = 0; a <= d; a++) {
                change = Math.max(change, Math.abs(next[a] - w[a]));
            }
            System.arraycopy(next, 0, w, 0, d + 1);
            obj = nextObj;
            if (change < params.tol()) {
                iter++;
                break;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.debug("logistic regression: {} Newton iterations, penalised objective {}", iter, obj);
        Provenance prov = new Provenance(LogisticParams.NAME, params.asMap(), train.fingerprint(), 0,
                Provenance.shoplensVersion(), Instant.now(), seconds);
        double[] coef = new double[d];
        System.arraycopy(w, 1, coef, 0, d);
        return new LogisticModel(Schema.of(train), st, w[0], coef, prov);
    }

    private double objective(double[][] z, double[] y, double[] w) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            double m = dot(z[i], w);
            s += y[i] > 0.5 ? softplus(-m) : softplus(m);
        }
        double r = 0;
        for (int a = 1; a < w.length; a++) {
            r += w[a] * w[a];
        }
        return s + 0.5 * params.l2() * r;
    }

    static double sigmoid(double m) {
        return m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
    }

    private static double softplus(double m) {
        return m > 30 ? m : Math.log1p(Math.exp(m));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
