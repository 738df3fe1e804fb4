package io.shoplens.predict.tabular;

import io.shoplens.core.model.Provenance;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The feature-blind baseline: the training positive rate (binary), the class frequencies, whose argmax is the
 * majority class (multiclass), or the training median (regression, the constant that minimises absolute error).
 */
public final class PriorTrainer implements TabularTrainer {
    /** The algorithm name. */
    public static final String NAME = "prior";

    @Override
    public String algorithm() {
        return NAME;
    }

    @Override
    public PriorModel train(Table train, Table validation) {
        train.requireRows("the training table");
        long t0 = System.nanoTime();
        double[] out;
        switch (train.task()) {
            case BINARY -> out = new double[] {train.positiveRate()};
            case MULTICLASS -> {
                out = new double[train.numClasses()];
                for (float v : train.y()) {
                    out[(int) v]++;
                }
                for (int k = 0; k < out.length; k++) {
                    out[k] /= train.rows();
                }
            }
            default -> {
                float[] s = train.y().clone();
                Arrays.sort(s);
                int n = s.length;
                out = new double[] {n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + (double) s[n / 2]) / 2};
            }
        }
        Provenance prov = new Provenance(NAME, Map.of(), train.fingerprint(), 0, Provenance.shoplensVersion(),
                Instant.now(), (System.nanoTime() - t0) / 1e9);
        return new PriorModel(Schema.of(train), out, prov);
    }
}
