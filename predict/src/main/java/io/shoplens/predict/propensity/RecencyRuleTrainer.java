package io.shoplens.predict.propensity;

import io.shoplens.core.model.Provenance;
import io.shoplens.predict.tabular.Table;
import io.shoplens.predict.tabular.TabularTrainer;
import io.shoplens.predict.tabular.Task;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The propensity baseline, a rule a shop would write by hand: rank users by "bought before, then most recently
 * active", i.e. {@code score = ever_bought + 1 / (1 + hours_since_last_event)}. To give probabilities (for
 * log-loss and calibration) the training scores are cut at their deciles and each bin predicts its training
 * positive rate (add-one smoothed). Needs the columns {@code ever_bought} and {@code hours_since_last_event}.
 */
public final class RecencyRuleTrainer implements TabularTrainer {
    /** The algorithm name. */
    public static final String NAME = "recency-rule";
    static final int BINS = 10;

    @Override
    public String algorithm() {
        return NAME;
    }

    @Override
    public RecencyRuleModel train(Table train, Table validation) {
        if (train.task() != Task.BINARY) {
            throw new IllegalArgumentException("the recency rule predicts a binary label; the table is " + train.task());
        }
        train.requireRows("the training table");
        long t0 = System.nanoTime();
        int bought = train.column("ever_bought");
        int hours = train.column("hours_since_last_event");
        int n = train.rows();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = RecencyRuleModel.score(train.x()[i], bought, hours);
        }
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        double[] edges = new double[BINS - 1];
        for (int b = 1; b < BINS; b++) {
            edges[b - 1] = sorted[(int) ((long) n * b / BINS)];
        }
        double[] pos = new double[BINS];
        double[] cnt = new double[BINS];
        for (int i = 0; i < n; i++) {
            int b = RecencyRuleModel.bin(edges, s[i]);
            cnt[b]++;
            pos[b] += train.y()[i];
        }
        double[] rate = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            rate[b] = (pos[b] + 1) / (cnt[b] + 2);
        }
        Provenance prov = new Provenance(NAME, Map.of("bins", Integer.toString(BINS)), train.fingerprint(), 0,
                Provenance.shoplensVersion(), Instant.now(), (System.nanoTime() - t0) / 1e9);
        return new RecencyRuleModel(train.featureNames(), edges, rate, prov);
    }
}
