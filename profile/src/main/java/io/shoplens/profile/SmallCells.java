package io.shoplens.profile;

/**
 * k-anonymity for aggregate reports (Sweeney, "k-anonymity: a model for protecting privacy", 2002): a cell (a
 * segment, tag, lifecycle stage or category count) describing fewer than {@code k} users is suppressed, its count
 * and the values derived from it withheld, so no reported figure singles out a small group. Counts of zero are
 * not suppressed: they describe nobody.
 *
 * @param k the smallest reportable number of users, 1..1,000,000 (1 turns suppression off)
 */
public record SmallCells(int k) {
    /** The default threshold. */
    public static final int DEFAULT_K = 5;

    public SmallCells {
        if (k < 1 || k > 1_000_000) {
            throw new IllegalArgumentException("the minimum cell size must be in 1..1000000, got " + k);
        }
    }

    /** Whether a cell of {@code users} users must be suppressed. */
    public boolean suppress(long users) {
        return users > 0 && users < k;
    }

    /** {@code users}, or null when the cell is suppressed. */
    public Long reportable(long users) {
        return suppress(users) ? null : users;
    }
}
