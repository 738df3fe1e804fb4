package io.shoplens.recommend.mf;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.model.TrainingData;
import java.util.SplittableRandom;

/** Tiny deterministic data sets with planted structure for the factor-model tests. */
final class MfFixtures {
    private MfFixtures() {
    }

    /**
     * Two taste groups of 30 users each: group 0 views items 100..111, group 1 items 200..211, each user 6 of
     * their group's 12 items (a seeded choice); item 300 is viewed by everyone. External item id {@code 100 + n}
     * and {@code 200 + n} are the n-th item of each group.
     */
    static InteractionStore groups() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        SplittableRandom rnd = new SplittableRandom(7);
        long t = 1_500_000_000L;
        for (int u = 0; u < 60; u++) {
            int base = u < 30 ? 100 : 200;
            boolean[] taken = new boolean[12];
            for (int n = 0; n < 6; n++) {
                int pick;
                do {
                    pick = rnd.nextInt(12);
                } while (taken[pick]);
                taken[pick] = true;
                b.event(u, base + pick, 1, Behavior.PV, t + n);
            }
            b.event(u, 300, 2, Behavior.PV, t + 10);
        }
        return b.build();
    }

    /**
     * Item 1 and item 2 are always viewed together (users 0..5), item 3 with item 4 (users 6..11); users 12..14
     * view 1, 3 and 5. Small enough to check explanations by hand.
     */
    static InteractionStore pairs() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        long t = 1_500_000_000L;
        for (int u = 0; u < 6; u++) {
            b.event(u, 1, 0, Behavior.PV, t);
            b.event(u, 2, 0, Behavior.PV, t + 1);
        }
        for (int u = 6; u < 12; u++) {
            b.event(u, 3, 0, Behavior.PV, t);
            b.event(u, 4, 0, Behavior.PV, t + 1);
        }
        for (int u = 12; u < 15; u++) {
            b.event(u, 1, 0, Behavior.PV, t);
            b.event(u, 3, 0, Behavior.PV, t + 1);
            b.event(u, 5, 0, Behavior.PV, t + 2);
        }
        return b.build();
    }

    static TrainingData data(InteractionStore s) {
        return new TrainingData(s, ItemCatalog.empty(s.numItems()), "fixture");
    }

    /** The dense index of external item id {@code id}. */
    static int item(InteractionStore s, long id) {
        return s.items().indexOf(id);
    }
}
