package io.shoplens.core.model;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a model came from, saved with it.
 *
 * @param algorithm       registry name, e.g. {@code "popularity"}
 * @param params          hyperparameters as key=value text (every parameter, defaults included)
 * @param dataFingerprint identifies the training data: SHA-256 of the source file plus the split
 * @param seed            random seed of training
 * @param version         Shoplens version that trained it
 * @param trainedAt       when training finished
 * @param trainSeconds    wall time of training
 */
public record Provenance(String algorithm, Map<String, String> params, String dataFingerprint, long seed,
                         String version, Instant trainedAt, double trainSeconds) {
    public Provenance {
        params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** The Shoplens version from the jar manifest, or "dev" when running from classes. */
    public static String shoplensVersion() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
