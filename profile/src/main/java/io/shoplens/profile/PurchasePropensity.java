package io.shoplens.profile;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.predict.propensity.PropensityFeatures;
import io.shoplens.predict.tabular.GbtParams;
import io.shoplens.predict.tabular.GbtTrainer;
import io.shoplens.predict.tabular.Importance;
import io.shoplens.predict.tabular.Metrics;
import io.shoplens.predict.tabular.TabularModel;
import io.shoplens.predict.tabular.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The profile's purchase propensity: P(the user buys anything within H after the end of the log), from predict's
 * propensity features and XGBoost learner, with E = the last event + 1 s. The model is trained on cut-off E-2H
 * (features before it, label: a purchase in [E-2H, E-H)) and early-stopped on cut-off E-H (label in [E-H, E)); then
 * every user is scored at E from all their events.
 *
 * @param scores        propensity by external user id
 * @param validationAuc AUC on the validation cut-off E-H
 * @param horizon       H in seconds
 */
public record PurchasePropensity(Map<String, Double> scores, double validationAuc, long horizon) {
    /**
     * The propensity with what made it, for callers that explain single scores (the HTTP service).
     *
     * @param result     the scores, validation AUC and horizon
     * @param model      the XGBoost model
     * @param now        every user's feature row at the end of the log (the rows that were scored)
     * @param typical    the training rows' per-feature medians, the reference of {@link
     *                   io.shoplens.predict.tabular.Importance#reasons}
     * @param train      the labelled training rows (cut-off end-2H)
     * @param validation the labelled validation rows (cut-off end-H)
     */
    public record Fitted(PurchasePropensity result, TabularModel model, PropensityFeatures.Rows now, float[] typical,
                         Table train, Table validation) {
    }

    /** Trains and scores on {@code store}; fails when the log is shorter than 3H or nobody buys. */
    public static PurchasePropensity fit(InteractionStore store, long horizon, int utcOffsetHours, GbtParams gbt,
            String fingerprint) {
        return fitted(store, horizon, utcOffsetHours, gbt, fingerprint).result();
    }

    /** As {@link #fit}, keeping the model, the scored rows and the training medians. */
    public static Fitted fitted(InteractionStore store, long horizon, int utcOffsetHours, GbtParams gbt,
            String fingerprint) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int p = 0; p < store.numEvents(); p++) {
            first = Math.min(first, store.timeAt(p));
            last = Math.max(last, store.timeAt(p));
        }
        long end = last + 1;
        if (store.numEvents() == 0 || end - 3 * horizon <= first) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "purchase propensity with a horizon of "
                    + "%.2f h needs a log longer than %.2f h; use a shorter horizon", horizon / 3600.0,
                    3 * horizon / 3600.0));
        }
        Table train = PropensityFeatures.build(store, end - 2 * horizon, horizon, -1, utcOffsetHours, fingerprint)
                .table();
        Table valid = PropensityFeatures.build(store, end - horizon, horizon, -1, utcOffsetHours, fingerprint).table();
        if (train.positiveRate() == 0 || valid.positiveRate() == 0) {
            throw new IllegalArgumentException("nobody buys after a training or validation cut-off; purchase "
                    + "propensity needs buyers: use a longer horizon");
        }
        TabularModel model = new GbtTrainer(gbt).train(train, valid);
        double auc = valid.positiveRate() < 1 ? Metrics.auc(model.predictFirst(valid), valid.y()) : Double.NaN;
        PropensityFeatures.Rows now = PropensityFeatures.build(store, end, horizon, -1, utcOffsetHours, fingerprint);
        double[] p = model.predictFirst(now.table());
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < p.length; i++) {
            scores.put(store.users().externalId(now.users()[i]), p[i]);
        }
        org.slf4j.LoggerFactory.getLogger(PurchasePropensity.class).info("purchase propensity at {}: {} users, "
                + "validation AUC {}", Instant.ofEpochSecond(end), p.length, String.format(Locale.ROOT, "%.4f", auc));
        return new Fitted(new PurchasePropensity(scores, auc, horizon), model, now, Importance.medians(train), train,
                valid);
    }
}
