package io.shoplens.recommend.content;

import io.shoplens.core.model.Params;
import io.shoplens.recommend.common.Weighting;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Hyperparameters of {@link ContentTrainer}, the content-based recommender (Pazzani &amp; Billsus, "Content-based
 * recommendation systems", The Adaptive Web, 2007) over item attributes: category, price band and title terms
 * weighted by TF-IDF (Salton &amp; Buckley, "Term-weighting approaches in automatic text retrieval", 1988).
 *
 * <p>Each item's vector is the concatenation of three blocks, each L2-normalised and then multiplied by its
 * weight; the whole vector is then L2-normalised, so the cosine of two items is
 * {@code (categoryWeight² [same category] + priceWeight² [same band] + titleWeight² cos(titles)) / (|a| |b|)}.
 *
 * @param categoryWeight weight of the category one-hot block, 0..100
 * @param priceWeight    weight of the price-band one-hot block, 0..100
 * @param priceBands     number of price bands, 1..1000: quantile bands over the catalogue's known prices
 * @param titleWeight    weight of the title TF-IDF block, 0..100
 * @param minDocFreq     a title token is a feature only when at least this many items' titles hold it, 1..10⁹
 * @param cjk            how runs of Han, Hiragana and Katakana characters (written without spaces) are cut:
 *                       {@link Cjk#BIGRAM} or {@link Cjk#CHAR}
 * @param weighting      how a history's events become the strengths of its items in the user profile
 *                       (behaviour weights, time decay relative to the history's last event, repeats)
 * @param threads        threads for tokenising titles, 1..1024; the model does not depend on it
 */
public record ContentParams(double categoryWeight, double priceWeight, int priceBands, double titleWeight,
                            int minDocFreq, Cjk cjk, Weighting weighting, int threads) {
    /** The registry name. */
    public static final String NAME = "content";

    /** Tokenisation of scripts written without spaces between words. */
    public enum Cjk {
        /**
         * Overlapping character bigrams of each run (a run of one character is one token), as Lucene's CJK
         * analyzer does: robust without a dictionary, and bigrams carry most Chinese word meaning.
         */
        BIGRAM,
        /** One token per character: more matches, less precise. */
        CHAR;

        /** Lower-case name used in parameters. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ContentParams {
        checkWeight("categoryWeight", categoryWeight);
        checkWeight("priceWeight", priceWeight);
        checkWeight("titleWeight", titleWeight);
        if (categoryWeight + priceWeight + titleWeight == 0) {
            throw new IllegalArgumentException("categoryWeight, priceWeight and titleWeight cannot all be 0");
        }
        if (priceBands < 1 || priceBands > 1000) {
            throw new IllegalArgumentException("priceBands must be in [1, 1000], got " + priceBands);
        }
        if (minDocFreq < 1 || minDocFreq > 1_000_000_000) {
            throw new IllegalArgumentException("minDocFreq must be in [1, 1000000000], got " + minDocFreq);
        }
        if (cjk == null) {
            throw new IllegalArgumentException("cjk must be given (bigram or char)");
        }
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must be given");
        }
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
        }
    }

    /**
     * Defaults, chosen on the validation part of generated logs with a catalogue (loo-full): category 1, price
     * 0.5 over 20 bands, title 1 with terms in at least 2 titles; CJK bigrams; each event counts 1, repeats add
     * up, half-life 0.02 days (about half an hour: the profile leans on the current session, which measured
     * best; 1 day lost 0.01 HR@10); one thread per core.
     */
    public static ContentParams defaults() {
        return new ContentParams(1.0, 0.5, 20, 1.0, 2, Cjk.BIGRAM, new Weighting(1, 1, 1, 1, 0.02, true),
                Runtime.getRuntime().availableProcessors());
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static ContentParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        ContentParams d = defaults();
        ContentParams r = new ContentParams(
                p.doubleValue("categoryWeight", d.categoryWeight, 0, 100),
                p.doubleValue("priceWeight", d.priceWeight, 0, 100),
                p.intValue("priceBands", d.priceBands, 1, 1000),
                p.doubleValue("titleWeight", d.titleWeight, 0, 100),
                p.intValue("minDocFreq", d.minDocFreq, 1, 1_000_000_000),
                Cjk.valueOf(p.choice("cjk", d.cjk.label(), "bigram", "char").toUpperCase(Locale.ROOT)),
                Weighting.from(p, d.weighting),
                p.intValue("threads", d.threads, 1, 1024));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance; {@link #from} reads it back. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("categoryWeight", Double.toString(categoryWeight));
        m.put("priceWeight", Double.toString(priceWeight));
        m.put("priceBands", Integer.toString(priceBands));
        m.put("titleWeight", Double.toString(titleWeight));
        m.put("minDocFreq", Integer.toString(minDocFreq));
        m.put("cjk", cjk.label());
        weighting.putInto(m);
        m.put("threads", Integer.toString(threads));
        return m;
    }

    private static void checkWeight(String key, double w) {
        if (!(w >= 0 && w <= 100)) {
            throw new IllegalArgumentException(key + " must be in [0, 100], got " + w);
        }
    }
}
