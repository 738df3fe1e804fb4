package io.shoplens.core.split;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;

/** Tiny deterministic stores for split tests. */
final class SplitFixtures {
    private SplitFixtures() {
    }

    /**
     * Users 1..3: user 1 views items 10,11,12,13 at t=100..103; user 2 views 10,11 (too short for LOO); user 3
     * views 12,10,14,11,15 at t=200..204.
     */
    static InteractionStore tiny() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long[][] rows = {
            {1, 10, 100}, {1, 11, 101}, {2, 10, 150}, {1, 12, 102}, {1, 13, 103}, {2, 11, 151},
            {3, 12, 200}, {3, 10, 201}, {3, 14, 202}, {3, 11, 203}, {3, 15, 204}};
        for (long[] r : rows) {
            b.event(r[0], r[1], 1, Behavior.PV, 1_500_000_000L + r[2]);
        }
        return b.build();
    }
}
