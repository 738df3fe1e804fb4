package io.shoplens.core.data;

import java.util.Arrays;

/**
 * What a model knows about one user at scoring time: the user's index ({@code -1} for a user the model has never
 * seen) and the user's events in time order. Evaluation passes the history of the split being scored (for the
 * test set of a leave-one-out split: train plus the validation item); serving passes live events.
 *
 * @param user      dense user index in the training id space, or -1 for an unknown user
 * @param items     item indexes in time order (repeats kept)
 * @param behaviors behaviour codes (0 pv, 1 cart, 2 fav, 3 buy), same length
 * @param times     epoch seconds (or ordinals), same length, non-decreasing
 */
public record UserHistory(int user, int[] items, byte[] behaviors, long[] times) {
    public UserHistory {
        if (items.length != behaviors.length || items.length != times.length) {
            throw new IllegalArgumentException("history arrays differ in length: " + items.length + " items, "
                    + behaviors.length + " behaviours, " + times.length + " times");
        }
    }

    /** A history of only items, all page views, ordered as given. */
    public static UserHistory ofItems(int user, int... items) {
        long[] t = new long[items.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        return new UserHistory(user, items.clone(), new byte[items.length], t);
    }

    /** Number of events. */
    public int length() {
        return items.length;
    }

    /** The distinct items, sorted ascending. */
    public int[] distinctItems() {
        return Arrays.stream(items).distinct().sorted().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserHistory h && h.user == user && Arrays.equals(h.items, items)
                && Arrays.equals(h.behaviors, behaviors) && Arrays.equals(h.times, times);
    }

    @Override
    public int hashCode() {
        return 31 * user + Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return "UserHistory[user=" + user + ", items=" + Arrays.toString(items) + "]";
    }
}
