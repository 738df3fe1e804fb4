package io.shoplens.recommend.knn;

/**
 * How two interaction vectors (two item columns or two user rows of the interaction matrix) are compared. With
 * strengths r, dot = Σ r<sub>a</sub>·r<sub>b</sub> over the common entries, co = their number, n = the number of
 * entries of a vector and ‖a‖² = Σ r<sub>a</sub>²:
 *
 * <ul>
 *   <li>{@link #COSINE}: dot / (‖a‖·‖b‖) (Sarwar et al. 2001), in [0, 1]</li>
 *   <li>{@link #JACCARD}: co / (n<sub>a</sub> + n<sub>b</sub> − co), on the support only (strengths ignored),
 *       in [0, 1]</li>
 *   <li>{@link #ASYMMETRIC}: dot / (‖a‖<sup>2(1−α)</sup>·‖b‖<sup>2α</sup>) from a (the history item or the
 *       scored user) to b (Aiolli 2013, "Efficient top-N recommendation for very large scale binary rated
 *       datasets"): with binary strengths α = 0 is the conditional probability P(b | a), α = 0.5 is the cosine
 *       and α = 1 is P(a | b)</li>
 * </ul>
 */
public enum Similarity {
    /** Cosine of the two vectors. */
    COSINE("cosine"),
    /** Jaccard index of the two supports. */
    JACCARD("jaccard"),
    /** Aiolli's asymmetric cosine with exponent alpha. */
    ASYMMETRIC("asymmetric");

    private final String label;

    Similarity(String label) {
        this.label = label;
    }

    /** The parameter value naming this measure. */
    public String label() {
        return label;
    }

    /** The measure named {@code label} (case-insensitive); fails naming the value when there is none. */
    public static Similarity of(String label) {
        for (Similarity s : values()) {
            if (s.label.equalsIgnoreCase(label.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown similarity '" + label + "'; use cosine, jaccard or asymmetric");
    }
}
