package io.shoplens.recommend.deep.train;

import io.shoplens.core.eval.EvaluationResult;
import io.shoplens.core.eval.Evaluator;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.split.Holdout;
import io.shoplens.core.split.Split;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Computes the validation metric watched by early stopping: the core {@link Evaluator} on the validation part of
 * the split the training data came from, under the split's protocol, optionally on a seeded sample of the
 * validation users. The test part is never looked at.
 */
public final class Validator {
    private final Split split;
    private final Evaluator evaluator;
    private final String metric;

    private Validator(Split split, Evaluator evaluator, String metric) {
        this.split = split;
        this.evaluator = evaluator;
        this.metric = metric;
    }

    /** A validator for {@code data}'s validation part, or null when it has none or validation is off. */
    public static Validator of(TrainingData data, TrainingParams p) {
        TrainingData.Validation v = data.validation();
        if (v == null || p.validEvery() == 0 || v.split().validation().size() == 0) {
            return null;
        }
        if (v.split().train() != data.events()) {
            throw new IllegalArgumentException("the validation split's train part is not the training data");
        }
        Split split = v.split();
        Holdout h = split.validation();
        if (p.validUsers() > 0 && p.validUsers() < h.size()) {
            int[] pick = sample(h.size(), p.validUsers(), new SplittableRandom(p.seed() ^ 0x5EED_5A11L));
            int[] users = new int[pick.length];
            int[][] targets = new int[pick.length][];
            for (int k = 0; k < pick.length; k++) {
                users[k] = h.users()[pick[k]];
                targets[k] = h.targets()[pick[k]];
            }
            split = new Split(split.name(), split.all(), split.train(), new Holdout(users, targets),
                    split.trainAndValidation(), split.test());
        }
        return new Validator(split, new Evaluator(v.protocol(), p.threads()), p.validMetric());
    }

    /** {@code k} distinct indexes of {@code 0..n-1}, ascending. */
    private static int[] sample(int n, int k, SplittableRandom rnd) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, k);
        Arrays.sort(out);
        return out;
    }

    /** The watched metric's name. */
    public String metric() {
        return metric;
    }

    /** Number of validation users scored. */
    public int users() {
        return split.validation().size();
    }

    /** The watched metric of {@code model} on the validation part. */
    public double evaluate(Recommender model) {
        EvaluationResult r = evaluator.evaluate(model, split, Evaluator.Part.VALIDATION, null);
        return r.metric(metric);
    }
}
