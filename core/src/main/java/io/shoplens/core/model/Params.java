package io.shoplens.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads hyperparameters given as text ({@code --param key=value}) with defaults and ranges, and rejects keys the
 * algorithm does not know. Every failure is an {@link IllegalArgumentException} whose message names the
 * algorithm, the key and the bad value.
 */
public final class Params {
    private final String algorithm;
    private final Map<String, String> given;
    private final Set<String> known = new TreeSet<>();

    private Params(String algorithm, Map<String, String> given) {
        this.algorithm = algorithm;
        this.given = new LinkedHashMap<>(given);
    }

    /** Parameters for {@code algorithm} from {@code given} (key to text value). */
    public static Params of(String algorithm, Map<String, String> given) {
        return new Params(algorithm, given);
    }

    /** An integer in [min, max]. */
    public int intValue(String key, int defaultValue, int min, int max) {
        known.add(key);
        String v = given.get(key);
        if (v == null) {
            return defaultValue;
        }
        int x;
        try {
            x = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer");
        }
        if (x < min || x > max) {
            throw bad(key, v, "in [" + min + ", " + max + "]");
        }
        return x;
    }

    /** A long (e.g. a seed), any value. */
    public long longValue(String key, long defaultValue) {
        known.add(key);
        String v = given.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer");
        }
    }

    /** A finite double in [min, max]. */
    public double doubleValue(String key, double defaultValue, double min, double max) {
        known.add(key);
        String v = given.get(key);
        if (v == null) {
            return defaultValue;
        }
        double x;
        try {
            x = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
        if (!(x >= min && x <= max)) {
            throw bad(key, v, "in [" + min + ", " + max + "]");
        }
        return x;
    }

    /** A boolean ({@code true}/{@code false}). */
    public boolean booleanValue(String key, boolean defaultValue) {
        known.add(key);
        String v = given.get(key);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, v, "true or false");
        };
    }

    /** One of {@code choices}. */
    public String choice(String key, String defaultValue, String... choices) {
        known.add(key);
        String v = given.get(key);
        if (v == null) {
            return defaultValue;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(v.trim())) {
                return c;
            }
        }
        throw bad(key, v, "one of " + String.join(", ", choices));
    }

    /** Raw text, or the default. */
    public String text(String key, String defaultValue) {
        known.add(key);
        return given.getOrDefault(key, defaultValue);
    }

    /** Fails when a given key was never asked for; call after reading all parameters. */
    public void requireAllKnown() {
        for (String k : given.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown parameter '" + k + "' for " + algorithm + "; known: "
                        + String.join(", ", known));
            }
        }
    }

    private IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("parameter " + key + "=" + value + " for " + algorithm + " must be "
                + expected);
    }
}
