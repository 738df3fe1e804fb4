package io.shoplens.recommend.deep.multvae;

import io.shoplens.core.model.Params;
import io.shoplens.recommend.common.ItemCap;
import io.shoplens.recommend.deep.train.TrainingParams;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link MultVaeTrainer} (Liang, Krishnan, Hoffman &amp; Jebara, "Variational Autoencoders for
 * Collaborative Filtering", WWW 2018). The defaults are the paper's: the architecture
 * {@code [I → 600 → 200 → 600 → I]} with tanh activations, dropout 0.5 on the normalised input, a KL weight β
 * annealed linearly from 0 and capped at 0.2, Adam with learning rate 0.001 and batches of 500 users.
 *
 * <p>The paper raises β by 1/200,000 per step; here β reaches {@code betaCap} after {@code annealEpochs} epochs,
 * which does not depend on the number of users: {@code β(step) = betaCap · min(1, step / (annealEpochs ·
 * stepsPerEpoch))}.
 *
 * @param hidden       units of the encoder's and the decoder's hidden layer, in [1, 4096]
 * @param latent       dimension of the latent code z, in [1, 4096]
 * @param dropout      dropout rate on the input bag of items during training, in [0, 1)
 * @param betaCap      the largest KL weight β, in [0, 10]
 * @param annealEpochs epochs over which β rises linearly from 0 to {@code betaCap}, in [0, 100000]; 0 uses
 *                     {@code betaCap} from the first step
 * @param maxItems     0 keeps every item; otherwise the network's input and output layers cover only the
 *                     {@code maxItems} items with the most training users (see {@link ItemCap}): interactions with
 *                     other items are dropped from the training bags, and those items score
 *                     {@link ItemCap#OUTSIDE_SCORE} and are never recommended. The encoder, the decoder's output
 *                     layer and a batch's activations shrink in proportion, in [0, 2147483647]
 * @param training     the shared training settings (epochs, batch size of users, learning rate, early stopping,
 *                     seed, ...)
 */
public record MultVaeParams(int hidden, int latent, double dropout, double betaCap, double annealEpochs,
                            int maxItems, TrainingParams training) {
    /** The registry name. */
    public static final String NAME = "multvae";

    public MultVaeParams {
        check(hidden >= 1 && hidden <= 4096, "hidden", hidden, "in [1, 4096]");
        check(latent >= 1 && latent <= 4096, "latent", latent, "in [1, 4096]");
        check(dropout >= 0 && dropout < 1, "dropout", dropout, "in [0, 1)");
        check(betaCap >= 0 && betaCap <= 10, "betaCap", betaCap, "in [0, 10]");
        check(annealEpochs >= 0 && annealEpochs <= 100_000, "annealEpochs", annealEpochs, "in [0, 100000]");
        check(maxItems >= 0, "maxItems", maxItems, "at least 0 (0 = every item)");
        if (training == null) {
            throw new IllegalArgumentException(NAME + " training settings must not be null");
        }
    }

    private static void check(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("parameter " + key + "=" + value + " for " + NAME + " must be "
                    + expected);
        }
    }

    /**
     * The paper's setting: 600-200 encoder, dropout 0.5, β capped at 0.2 (reached after 20 epochs), batches of 500
     * users, learning rate 0.001, up to 200 epochs with early stopping on validation NDCG@10 every 5 epochs; every
     * item.
     */
    public static MultVaeParams defaults() {
        return new MultVaeParams(600, 200, 0.5, 0.2, 20, 0, TrainingParams.defaults(200, 500, 0.001));
    }

    /** Reads parameters from text, rejecting unknown keys. */
    public static MultVaeParams from(Map<String, String> given) {
        Params p = Params.of(NAME, given);
        MultVaeParams d = defaults();
        MultVaeParams r = new MultVaeParams(
                p.intValue("hidden", d.hidden, 1, 4096),
                p.intValue("latent", d.latent, 1, 4096),
                p.doubleValue("dropout", d.dropout, 0, 0.999),
                p.doubleValue("betaCap", d.betaCap, 0, 10),
                p.doubleValue("annealEpochs", d.annealEpochs, 0, 100_000),
                p.intValue("maxItems", d.maxItems, 0, Integer.MAX_VALUE),
                TrainingParams.from(p, d.training));
        p.requireAllKnown();
        return r;
    }

    /** All parameters as text, for provenance. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hidden", Integer.toString(hidden));
        m.put("latent", Integer.toString(latent));
        m.put("dropout", Double.toString(dropout));
        m.put("betaCap", Double.toString(betaCap));
        m.put("annealEpochs", Double.toString(annealEpochs));
        m.put("maxItems", Integer.toString(maxItems));
        training.putInto(m);
        return m;
    }

    /**
     * The settings that shape the network and its loss, for the checkpoint key ({@code maxItems} only when set, so
     * that checkpoints of uncapped runs keep their key).
     */
    String networkKey() {
        return "hidden=" + hidden + " latent=" + latent + " dropout=" + dropout + " betaCap=" + betaCap
                + " annealEpochs=" + annealEpochs + (maxItems == 0 ? "" : " maxItems=" + maxItems);
    }

    /** The KL weight after {@code step} optimiser steps with {@code stepsPerEpoch} steps per epoch. */
    double beta(long step, long stepsPerEpoch) {
        double span = annealEpochs * stepsPerEpoch;
        return span <= 0 ? betaCap : betaCap * Math.min(1, step / span);
    }
}
