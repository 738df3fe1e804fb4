package io.shoplens.core.split;

import java.util.Arrays;

/**
 * The held-out targets of a split part (validation or test): for each evaluated user, the items to be found.
 * Target lists are distinct and non-empty.
 *
 * @param users   evaluated users (dense indexes), ascending
 * @param targets {@code targets[j]} are the items held out for {@code users[j]}
 */
public record Holdout(int[] users, int[][] targets) {
    public Holdout {
        if (users.length != targets.length) {
            throw new IllegalArgumentException(users.length + " users but " + targets.length + " target lists");
        }
        for (int j = 0; j < users.length; j++) {
            if (targets[j].length == 0) {
                throw new IllegalArgumentException("user " + users[j] + " has an empty target list");
            }
        }
    }

    /** Number of evaluated users. */
    public int size() {
        return users.length;
    }

    /** Total number of target items. */
    public long totalTargets() {
        return Arrays.stream(targets).mapToLong(t -> t.length).sum();
    }
}
