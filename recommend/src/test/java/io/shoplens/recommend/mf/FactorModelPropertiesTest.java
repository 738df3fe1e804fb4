package io.shoplens.recommend.mf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the factor models over arbitrary histories, including unknown users and foreign items. */
class FactorModelPropertiesTest {
    private static final InteractionStore DATA = MfFixtures.groups();
    private static final IalsModel IALS = new IalsTrainer(IalsParams.from(Map.of("rank", "6", "iterations", "6",
            "threads", "2"))).train(MfFixtures.data(DATA));
    private static final BprModel BPR = new BprTrainer(BprParams.from(Map.of("rank", "6", "epochs", "20")))
            .train(MfFixtures.data(DATA));

    private static UserHistory history(int user, List<Integer> items) {
        return UserHistory.ofItems(user, items.stream().mapToInt(Integer::intValue).toArray());
    }

    @Property(tries = 200)
    void ialsExplanationWeightsAddUpToTheScore(@ForAll @IntRange(min = -1, max = 59) int user,
                                               @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 30) Integer> items,
                                               @ForAll @IntRange(min = 0, max = 24) int target) {
        UserHistory h = history(user, items);
        Explanation e = IALS.explain(h, target);
        double sum = e.evidence().stream().mapToDouble(Evidence::weight).sum();
        assertEquals(e.score(), sum, 1e-5 * Math.max(1, Math.abs(e.score())));
    }

    @Property(tries = 200)
    void candidateScoresMatchFullScores(@ForAll @IntRange(min = -1, max = 59) int user,
                                        @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 24) Integer> items,
                                        @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 0, max = 24) Integer> cands) {
        UserHistory h = history(user, items);
        int[] candidates = cands.stream().mapToInt(Integer::intValue).toArray();
        for (FactorModel m : new FactorModel[] {IALS, BPR}) {
            float[] all = new float[m.numItems()];
            m.scoreAll(h, all);
            float[] some = new float[candidates.length];
            m.score(h, candidates, some);
            for (int c = 0; c < candidates.length; c++) {
                assertEquals(all[candidates[c]], some[c]);
            }
            assertEquals(all[candidates[0]], m.explain(h, candidates[0]).score());
        }
    }
}
