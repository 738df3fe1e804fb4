package io.shoplens.recommend.hybrid;

import io.shoplens.core.model.Params;
import io.shoplens.recommend.common.Weighting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hyperparameters of {@link HybridTrainer}: a weighted hybrid (Burke, "Hybrid recommender systems: survey and
 * experiments", UMUAI 2002) of component models whose per-user normalised scores are summed, with a switching
 * fallback for users with too little history.
 *
 * <p>As text: {@code components=content:0.3,popularity:0.7} names registered algorithms with their blend
 * weights; a key {@code <component>.<key>=<value>} (e.g. {@code content.titleWeight=2}) is passed to that
 * component as {@code <key>=<value>}. The other keys are the hybrid's own.
 *
 * @param components    the blended models, at least one, names distinct
 * @param normalization how each component's scores are made comparable per user before blending
 * @param rrfDepth      for {@link Normalization#RRF}: how many of each component's best items get a rank score,
 *                      1..1,000,000
 * @param minHistory    users whose history has fewer distinct items get the fallback chain (popular in the
 *                      history's categories, then popular overall) instead of the blend, 0..1,000,000 (0: never)
 * @param weighting     how events count towards the fallback's item popularity
 */
public record HybridParams(List<Component> components, Normalization normalization, int rrfDepth, int minHistory,
                           Weighting weighting) {
    /** The registry name. */
    public static final String NAME = "hybrid";
    /** Components used when the {@code components} key is absent. */
    public static final String DEFAULT_COMPONENTS = "content:0.7,popularity:0.3";

    /**
     * One blended model.
     *
     * @param name   the registry name of its algorithm, letters, digits, '-' and '_'
     * @param weight its blend weight, finite and &gt; 0 (weights need not sum to 1)
     * @param params its own parameters as text (given to its trainer factory)
     */
    public record Component(String name, double weight, Map<String, String> params) {
        public Component {
            if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("component name must be letters, digits, '-' or '_', got '"
                        + name + "'");
            }
            if (!(weight > 0 && weight < 1e6)) {
                throw new IllegalArgumentException("weight of component " + name + " must be in (0, 1e6), got "
                        + weight);
            }
            params = Map.copyOf(params);
        }
    }

    /** How component scores are normalised per user before the weighted sum. */
    public enum Normalization {
        /** (s - mean) / standard deviation over all items; a constant component contributes 0. */
        ZSCORE,
        /** (s - min) / (max - min) over all items, in [0, 1]; a constant component contributes 0. */
        MINMAX,
        /**
         * Reciprocal rank fusion (Cormack, Clarke &amp; Büttcher, SIGIR 2009): 60 / (60 + rank) for the
         * component's best {@code rrfDepth} items (rank 1 = best), 0 below; ties share the better rank.
         */
        RRF;

        /** Lower-case name used in parameters. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HybridParams {
        if (components == null || components.isEmpty()) {
            throw new IllegalArgumentException("hybrid needs at least one component, e.g. components="
                    + DEFAULT_COMPONENTS);
        }
        components = List.copyOf(components);
        Set<String> names = new HashSet<>();
        for (Component c : components) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("component " + c.name() + " is listed twice in the hybrid");
            }
        }
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must be given (zscore, minmax or rrf)");
        }
        if (rrfDepth < 1 || rrfDepth > 1_000_000) {
            throw new IllegalArgumentException("rrfDepth must be in [1, 1000000], got " + rrfDepth);
        }
        if (minHistory < 0 || minHistory > 1_000_000) {
            throw new IllegalArgumentException("minHistory must be in [0, 1000000], got " + minHistory);
        }
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must be given");
        }
    }

    /**
     * Defaults, chosen on the validation part of generated logs with a catalogue (loo-full): content 0.7 and
     * popularity 0.3 after z-scores (z-scores beat min-max and RRF there); users with fewer than 5 distinct
     * history items get the fallback chain; every event counts 1 towards popularity.
     */
    public static HybridParams defaults() {
        return from(Map.of());
    }

    /**
     * Reads parameters from text (see the class comment), rejecting unknown keys. Component parameters are only
     * collected here; they are checked when the component's trainer is made.
     */
    public static HybridParams from(Map<String, String> given) {
        String spec = given.getOrDefault("components", DEFAULT_COMPONENTS);
        List<String[]> parsed = parseComponents(spec);
        Map<String, Map<String, String>> forwarded = new LinkedHashMap<>();
        for (String[] c : parsed) {
            forwarded.put(c[0], new LinkedHashMap<>());
        }
        Map<String, String> own = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            Map<String, String> target = dot > 0 ? forwarded.get(key.substring(0, dot)) : null;
            if (target != null) {
                target.put(key.substring(dot + 1), e.getValue());
            } else {
                own.put(key, e.getValue());
            }
        }
        Params p = Params.of(NAME, own);
        p.text("components", DEFAULT_COMPONENTS);
        Normalization normalization = Normalization.valueOf(p.choice("normalization", "zscore", "zscore",
                "minmax", "rrf").toUpperCase(Locale.ROOT));
        int rrfDepth = p.intValue("rrfDepth", 100, 1, 1_000_000);
        int minHistory = p.intValue("minHistory", 5, 0, 1_000_000);
        Weighting weighting = Weighting.from(p, new Weighting(1, 1, 1, 1, 0, true));
        p.requireAllKnown();
        List<Component> components = new ArrayList<>();
        for (String[] c : parsed) {
            components.add(new Component(c[0], Double.parseDouble(c[1]), forwarded.get(c[0])));
        }
        return new HybridParams(components, normalization, rrfDepth, minHistory, weighting);
    }

    private static List<String[]> parseComponents(String spec) {
        List<String[]> out = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String[] nw = part.trim().split(":", -1);
            if (nw.length != 2 || nw[0].isBlank()) {
                throw new IllegalArgumentException("parameter components=" + spec + " for hybrid must be a list "
                        + "of name:weight, e.g. " + DEFAULT_COMPONENTS + "; bad entry '" + part.trim() + "'");
            }
            double w;
            try {
                w = Double.parseDouble(nw[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter components=" + spec + " for hybrid: weight '"
                        + nw[1].trim() + "' of " + nw[0].trim() + " is not a number");
            }
            if (!(w > 0 && w < 1e6)) {
                throw new IllegalArgumentException("parameter components=" + spec + " for hybrid: weight of "
                        + nw[0].trim() + " must be in (0, 1e6), got " + nw[1].trim());
            }
            out.add(new String[] {nw[0].trim(), Double.toString(w)});
        }
        return out;
    }

    /** The {@code components} value, e.g. {@code content:0.3,popularity:0.7}. */
    public String componentsText() {
        List<String> parts = new ArrayList<>();
        for (Component c : components) {
            parts.add(c.name() + ":" + c.weight());
        }
        return String.join(",", parts);
    }

    /**
     * All parameters as text, for provenance: the hybrid's own and each component's given ones as
     * {@code <component>.<key>}; {@link #from} reads it back.
     */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("components", componentsText());
        m.put("normalization", normalization.label());
        m.put("rrfDepth", Integer.toString(rrfDepth));
        m.put("minHistory", Integer.toString(minHistory));
        weighting.putInto(m);
        for (Component c : components) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(c.params()).entrySet()) {
                m.put(c.name() + "." + e.getKey(), e.getValue());
            }
        }
        return m;
    }
}
