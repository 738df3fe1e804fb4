package io.shoplens.core.split;

import io.shoplens.core.data.InteractionStore;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntLinkedOpenHashSet;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-event part labels into a {@link Split}. Targets of a part are the distinct items of the user's
 * events in that part that the user did not touch in the history scored against (train for validation, train
 * plus validation for test): a recommender that filters seen items could never find the others.
 */
final class HoldoutBuilder {
    static final byte TRAIN = 0;
    static final byte VALIDATION = 1;
    static final byte TEST = 2;

    private HoldoutBuilder() {
    }

    static Split build(String name, InteractionStore all, byte[] part) {
        IntArrayList validUsers = new IntArrayList();
        IntArrayList testUsers = new IntArrayList();
        List<int[]> validTargets = new ArrayList<>();
        List<int[]> testTargets = new ArrayList<>();
        for (int u = 0; u < all.numUsers(); u++) {
            IntOpenHashSet train = new IntOpenHashSet();
            IntLinkedOpenHashSet valid = new IntLinkedOpenHashSet();
            IntLinkedOpenHashSet test = new IntLinkedOpenHashSet();
            for (int p = all.userStart(u); p < all.userEnd(u); p++) {
                int item = all.itemAt(p);
                switch (part[p]) {
                    case TRAIN -> train.add(item);
                    case VALIDATION -> valid.add(item);
                    default -> test.add(item);
                }
            }
            test.removeAll(train);
            test.removeAll(valid);
            valid.removeAll(train);
            if (!valid.isEmpty()) {
                validUsers.add(u);
                validTargets.add(valid.toIntArray());
            }
            if (!test.isEmpty()) {
                testUsers.add(u);
                testTargets.add(test.toIntArray());
            }
        }
        return new Split(name, all, all.filter(p -> part[p] == TRAIN),
                new Holdout(validUsers.toIntArray(), validTargets.toArray(new int[0][])),
                all.filter(p -> part[p] != TEST),
                new Holdout(testUsers.toIntArray(), testTargets.toArray(new int[0][])));
    }
}
