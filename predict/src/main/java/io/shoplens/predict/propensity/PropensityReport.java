package io.shoplens.predict.propensity;

import io.shoplens.predict.tabular.Importance;
import io.shoplens.predict.tabular.Metrics;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a purchase-propensity experiment: what {@code shoplens predict purchase --json} writes.
 *
 * @param dataset  the data
 * @param protocol the cut-offs and populations
 * @param baseline name of the baseline model
 * @param best     the model with the best validation AUC
 * @param models   one result per model, baseline first
 * @param reasons  per-user top reasons of the best model for the test users it scores highest
 */
public record PropensityReport(Dataset dataset, Protocol protocol, String baseline, String best,
                               List<ModelResult> models, List<UserReasons> reasons) {
    /**
     * @param name   data set name
     * @param sha256 SHA-256 of the source, or a description of the generator
     * @param events events in the log
     * @param users  users in the log
     */
    public record Dataset(String name, String sha256, long events, int users) {
    }

    /**
     * @param description      one readable line
     * @param horizonSeconds   label window H
     * @param trainCutoffs     training cut-offs (ISO-8601 UTC)
     * @param validationCutoff validation cut-off
     * @param testCutoff       test cut-off
     * @param category         category id whose purchases count, or "any"
     * @param trainRows        rows (user × cut-off) in training
     * @param validationRows   rows in validation
     * @param testRows         rows in test
     * @param trainPositiveRate share of positive training rows
     * @param validationPositiveRate share of positive validation rows
     * @param testPositiveRate share of positive test rows
     */
    public record Protocol(String description, long horizonSeconds, List<String> trainCutoffs,
                           String validationCutoff, String testCutoff, String category, int trainRows,
                           int validationRows, int testRows, double trainPositiveRate,
                           double validationPositiveRate, double testPositiveRate) {
    }

    /**
     * @param name                  model name
     * @param params                hyperparameters with what training chose (rounds, epochs)
     * @param trainSeconds          wall time of training
     * @param validationAuc         AUC on validation
     * @param validationLogLoss     log-loss on validation
     * @param threshold             the F1-maximising threshold on validation, applied to test
     * @param testAuc               AUC on test
     * @param testLogLoss           log-loss on test
     * @param testPrecision         precision on test at the threshold
     * @param testRecall            recall on test at the threshold
     * @param testF1                F1 on test at the threshold
     * @param calibration           test calibration by deciles of the predicted probability
     * @param permutationImportance validation AUC drop when each feature is shuffled, largest first
     * @param gain                  XGBoost total gain by feature (trees only), else empty
     */
    public record ModelResult(String name, Map<String, String> params, double trainSeconds, double validationAuc,
                              double validationLogLoss, double threshold, double testAuc, double testLogLoss,
                              double testPrecision, double testRecall, double testF1,
                              List<Metrics.CalibrationBin> calibration,
                              List<Importance.Feature> permutationImportance, Map<String, Double> gain) {
    }

    /**
     * @param user        external user id
     * @param probability predicted purchase probability
     * @param bought      whether the user bought in the test window
     * @param reasons     features that move the prediction most, largest first
     */
    public record UserReasons(String user, double probability, boolean bought, List<Importance.Reason> reasons) {
    }

    /** The result of the model called {@code name}. */
    public ModelResult model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + name + " in the report"));
    }
}
