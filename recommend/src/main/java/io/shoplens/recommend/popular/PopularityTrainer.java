package io.shoplens.recommend.popular;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import java.time.Instant;

/**
 * Trains {@link PopularityModel}: each item's score is the (behaviour-weighted, optionally time-decayed) number
 * of training interactions on it. The classic non-personalised baseline ("PopRec" in Kang &amp; McAuley 2018) and
 * the last fallback for cold users.
 */
public final class PopularityTrainer implements Trainer<PopularityModel> {
    private final PopularityParams params;

    public PopularityTrainer(PopularityParams params) {
        this.params = params;
    }

    @Override
    public PopularityModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionStore s = data.events();
        float[] scores = new float[s.numItems()];
        long newest = Long.MIN_VALUE;
        for (int p = 0; p < s.numEvents(); p++) {
            newest = Math.max(newest, s.timeAt(p));
        }
        boolean decay = params.halfLifeDays() > 0 && !s.ordinalTime();
        double lambda = decay ? Math.log(2) / (params.halfLifeDays() * 86_400.0) : 0;
        for (int i = 0; i < s.numItems(); i++) {
            double total = 0;
            int lastUser = -1;
            double best = 0;
            for (int slot = s.itemStart(i); slot < s.itemEnd(i); slot++) {
                int p = s.positionAtSlot(slot);
                double w = params.weight(s.behaviorCodeAt(p));
                if (decay) {
                    w *= Math.exp(-lambda * (newest - s.timeAt(p)));
                }
                if (params.distinctUsers()) {
                    int u = s.userAtSlot(slot);
                    if (u != lastUser) {
                        total += best;
                        best = 0;
                        lastUser = u;
                    }
                    best = Math.max(best, w);
                } else {
                    total += w;
                }
            }
            scores[i] = (float) (total + best);
        }
        Provenance prov = new Provenance(PopularityParams.NAME, params.asMap(), data.fingerprint(), 0,
                Provenance.shoplensVersion(), Instant.now(), (System.nanoTime() - t0) / 1e9);
        return new PopularityModel(scores, prov);
    }
}
