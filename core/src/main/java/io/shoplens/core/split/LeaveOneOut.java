package io.shoplens.core.split;

import io.shoplens.core.data.InteractionStore;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.List;

/**
 * Leave-one-out (He et al. 2017, NCF; Kang &amp; McAuley 2018, SASRec): each user's last event is the test
 * target, the second last the validation target, the rest is training. Users with fewer than
 * {@code minEvents} events stay wholly in training and are not evaluated. Ties in time keep file order.
 *
 * @param minEvents at least 3
 */
public record LeaveOneOut(int minEvents) implements Splitter {
    public LeaveOneOut {
        if (minEvents < 3) {
            throw new IllegalArgumentException("leave-one-out needs minEvents >= 3, got " + minEvents);
        }
    }

    /** The usual setting: users with at least 3 events are evaluated. */
    public LeaveOneOut() {
        this(3);
    }

    @Override
    public Split split(InteractionStore all) {
        int n = all.numEvents();
        boolean[] isTrain = new boolean[n];
        boolean[] isTrainOrValid = new boolean[n];
        IntArrayList users = new IntArrayList();
        List<int[]> validTargets = new ArrayList<>();
        List<int[]> testTargets = new ArrayList<>();
        for (int u = 0; u < all.numUsers(); u++) {
            int s = all.userStart(u);
            int e = all.userEnd(u);
            boolean evaluated = e - s >= minEvents;
            int trainEnd = evaluated ? e - 2 : e;
            for (int p = s; p < e; p++) {
                isTrain[p] = p < trainEnd;
                isTrainOrValid[p] = p < e - 1 || !evaluated;
            }
            if (evaluated) {
                users.add(u);
                validTargets.add(new int[] {all.itemAt(e - 2)});
                testTargets.add(new int[] {all.itemAt(e - 1)});
            }
        }
        int[] us = users.toIntArray();
        return new Split(describe(), all, all.filter(p -> isTrain[p]),
                new Holdout(us, validTargets.toArray(new int[0][])),
                all.filter(p -> isTrainOrValid[p]), new Holdout(us, testTargets.toArray(new int[0][])));
    }

    @Override
    public String describe() {
        return "leave-one-out (last event = test, second last = validation; users with >= " + minEvents
                + " events)";
    }
}
