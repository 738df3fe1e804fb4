package io.shoplens.core.eval;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.metrics.Metric;
import io.shoplens.core.split.LeaveOneOut;
import io.shoplens.core.split.RandomHoldout;
import io.shoplens.core.split.Splitter;
import io.shoplens.core.split.TemporalSplit;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An evaluation protocol, recorded beside every metric it produces: how the data is split, which candidates a
 * target is ranked against, the cut-offs and the seed.
 *
 * <p>Names: {@code <split>-full} or {@code <split>-sampled-<N>[-pop]} with split {@code loo} (leave-one-out),
 * {@code temporal} (last 10% of time tests, the 10% before validates) or {@code random} (10%/10% per user).
 * {@code loo-sampled-99} is the NCF/SASRec protocol: the target against 99 negatives drawn uniformly from items
 * the user never touched. {@code -full} ranks the target against every item not in the user's history: the
 * number users should trust.
 *
 * @param name       the protocol's name as parsed
 * @param split      {@code loo}, {@code temporal} or {@code random}
 * @param candidates sampled negatives or full ranking
 * @param negatives  number of sampled negatives (0 for full ranking)
 * @param sampling   how negatives are drawn
 * @param ks         cut-offs, ascending, each at least 1
 * @param metrics    metrics to compute
 * @param seed       seed for negative sampling, tie-breaking, random splits and the user sample
 * @param evalUsers  users evaluated per part: 0 for all, else a seeded random sample of this many (the same users
 *                   for every model evaluated under this protocol and seed; see {@link #sample})
 */
public record Protocol(String name, String split, Candidates candidates, int negatives, Sampling sampling, int[] ks,
                       List<Metric> metrics, long seed, int evalUsers) {
    /** The default cut-offs. */
    public static final int[] DEFAULT_KS = {5, 10, 20};
    private static final Pattern NAME = Pattern.compile("(loo|temporal|random)-(full|sampled-(\\d+)(-pop)?)");

    /** What a target is ranked against. */
    public enum Candidates { SAMPLED, FULL }

    /** How sampled negatives are drawn. */
    public enum Sampling {
        /** Uniformly over items the user never touched. */
        UNIFORM,
        /** In proportion to training popularity, over items the user never touched. */
        POPULARITY
    }

    public Protocol {
        if (ks.length == 0) {
            throw new IllegalArgumentException("a protocol needs at least one cut-off K");
        }
        ks = ks.clone();
        Arrays.sort(ks);
        if (ks[0] < 1) {
            throw new IllegalArgumentException("cut-off K must be >= 1, got " + ks[0]);
        }
        if (candidates == Candidates.SAMPLED && negatives < 1) {
            throw new IllegalArgumentException("a sampled protocol needs >= 1 negative, got " + negatives);
        }
        if (evalUsers < 0) {
            throw new IllegalArgumentException("the number of users to evaluate must be >= 0 (0 = all), got "
                    + evalUsers);
        }
        metrics = List.copyOf(metrics);
    }

    /** Parses a protocol name (see the class comment) with default cut-offs, all metrics and seed 42. */
    public static Protocol parse(String name) {
        return parse(name, DEFAULT_KS, 42);
    }

    /** Parses a protocol name with the given cut-offs and seed. */
    public static Protocol parse(String name, int[] ks, long seed) {
        Matcher m = NAME.matcher(name.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown protocol '" + name + "'; use <split>-full or "
                    + "<split>-sampled-<N>[-pop] with split loo, temporal or random, e.g. loo-sampled-99");
        }
        boolean full = m.group(2).equals("full");
        int negatives = full ? 0 : Integer.parseInt(m.group(3));
        Sampling sampling = m.group(4) != null ? Sampling.POPULARITY : Sampling.UNIFORM;
        return new Protocol(name.trim(), m.group(1), full ? Candidates.FULL : Candidates.SAMPLED, negatives,
                sampling, ks, List.of(Metric.values()), seed, 0);
    }

    /** This protocol evaluating a seeded sample of {@code users} users per part (0 = all). */
    public Protocol withEvalUsers(int users) {
        return new Protocol(name, split, candidates, negatives, sampling, ks, metrics, seed, users);
    }

    /**
     * The indexes {@code j} (ascending) of the entries of {@code users} to evaluate: all when {@link #evalUsers}
     * is 0 or at least {@code users.length}, else the {@code evalUsers} users with the smallest seeded hash of
     * their index, so a user is in the sample or not whatever part, model or list it appears in.
     */
    public int[] sample(int[] users) {
        int n = users.length;
        if (evalUsers == 0 || evalUsers >= n) {
            int[] all = new int[n];
            for (int j = 0; j < n; j++) {
                all[j] = j;
            }
            return all;
        }
        long[] keyed = new long[n];
        long[] hash = new long[n];
        for (int j = 0; j < n; j++) {
            hash[j] = Evaluator.mix(seed ^ 0x5DEECE66DL, users[j]);
            keyed[j] = hash[j];
        }
        Arrays.sort(keyed);
        long cut = keyed[evalUsers - 1];
        int[] out = new int[evalUsers];
        int m = 0;
        for (int j = 0; j < n && m < evalUsers; j++) {
            if (hash[j] <= cut) {
                out[m++] = j;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /** The splitter this protocol uses on {@code all}. */
    public Splitter splitter(InteractionStore all) {
        return switch (split) {
            case "loo" -> new LeaveOneOut();
            case "temporal" -> TemporalSplit.ofFractions(all, 0.1, 0.1);
            case "random" -> new RandomHoldout(0.1, 0.1, 3, seed);
            default -> throw new IllegalStateException("unknown split " + split);
        };
    }

    /** The cut-off used for catalogue metrics (coverage, popularity): 10 when present, else the largest. */
    public int catalogueK() {
        for (int k : ks) {
            if (k == 10) {
                return 10;
            }
        }
        return ks[ks.length - 1];
    }

    /** One line for tables, e.g. "loo-sampled-99: 1 target vs 99 uniform negatives, K=5,10,20, seed 42". */
    public String describe() {
        String c = candidates == Candidates.FULL ? "ranked against all items not in the user's history"
                : "ranked against " + negatives + " " + sampling.name().toLowerCase(java.util.Locale.ROOT)
                + " negatives the user never touched";
        return name + ": targets " + c + ", K=" + Arrays.toString(ks).replaceAll("[\\[\\] ]", "") + ", seed "
                + seed + (evalUsers > 0 ? String.format(java.util.Locale.ROOT, ", %,d sampled users per part",
                evalUsers) : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Protocol p && p.name.equals(name) && Arrays.equals(p.ks, ks) && p.seed == seed
                && p.metrics.equals(metrics) && p.evalUsers == evalUsers;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(ks);
    }

    @Override
    public String toString() {
        return describe();
    }
}
