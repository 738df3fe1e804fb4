package io.shoplens.core.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The record of one model trained and evaluated under one protocol: what {@code shoplens evaluate --json}
 * writes.
 *
 * @param model        algorithm name
 * @param params       every hyperparameter, defaults included
 * @param protocol     the protocol and split used
 * @param dataset      the data evaluated on
 * @param validation   metrics on the validation part
 * @param test         metrics on the test part
 * @param validationCi half-widths of the 95% intervals of the validation metrics (same keys)
 * @param testCi       half-widths of the 95% intervals of the test metrics (same keys)
 * @param trainSeconds wall time of training
 * @param trainPeakHeapBytes the largest heap in use after a garbage collection during training, minus the heap in
 *                     use before it (what training added, data excluded); -1 when not measured
 * @param evalSeconds  wall time of both evaluations
 */
@JsonPropertyOrder({"model", "params", "protocol", "dataset", "validation", "test", "validation_ci", "test_ci",
        "train_seconds", "train_peak_heap_bytes", "eval_seconds"})
public record ExperimentReport(String model, Map<String, String> params, ProtocolInfo protocol, DatasetInfo dataset,
                               Map<String, Double> validation, Map<String, Double> test,
                               @JsonProperty("validation_ci") Map<String, Double> validationCi,
                               @JsonProperty("test_ci") Map<String, Double> testCi,
                               @JsonProperty("train_seconds") double trainSeconds,
                               @JsonProperty("train_peak_heap_bytes") long trainPeakHeapBytes,
                               @JsonProperty("eval_seconds") double evalSeconds) {

    /**
     * The protocol as recorded beside the metrics.
     *
     * @param name           e.g. {@code loo-sampled-99}
     * @param description    one readable line
     * @param split          how the data was split
     * @param candidates     {@code sampled} or {@code full}
     * @param negatives      sampled negatives per target (0 for full ranking)
     * @param sampling       {@code uniform} or {@code popularity}
     * @param ks             cut-offs
     * @param seed           seed
     * @param validationUsers users evaluated on validation
     * @param testUsers      users evaluated on test
     * @param sampledUsers   the protocol's user sample per part (0 = every user of the part)
     */
    public record ProtocolInfo(String name, String description, String split, String candidates, int negatives,
                               String sampling, int[] ks, long seed,
                               @JsonProperty("validation_users") int validationUsers,
                               @JsonProperty("test_users") int testUsers,
                               @JsonProperty("sampled_users") int sampledUsers) {
    }

    /**
     * The data set.
     *
     * @param path   the events file
     * @param sha256 SHA-256 of the events file as stored
     * @param users  users with at least one event
     * @param items  items in the id space (catalogue items included)
     * @param events accepted events
     * @param rejected rows quarantined while loading
     */
    public record DatasetInfo(String path, String sha256, int users, int items, long events, long rejected) {
    }
}
