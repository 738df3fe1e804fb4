package io.shoplens.core.metrics;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Beyond-accuracy metrics computed over the recommendation lists of all users: how much of the catalogue gets
 * recommended, how popular the recommended items are, and how evenly recommendations spread over items.
 *
 * <p>Items are dense indexes {@code 0 .. numItems - 1}. Each user's top-K list is added with {@link #addList}; a
 * list occupies one recommendation "slot" per entry. The metrics are computed from how often each item was
 * recommended, so adding lists and {@link #merge merging} are exact and order-independent.
 *
 * <p>The lists are kept (4 bytes per slot), so that {@link #halfWidths} can bootstrap 95% intervals of the four
 * metrics over users.
 *
 * <p>Not thread-safe. For parallel evaluation give each thread its own instance, built with the same catalogue, and
 * combine them with {@link #merge}.
 */
public final class CatalogueMetrics {
    private final int numItems;
    private final long[] popularity;
    /** Fraction of the other items whose popularity is strictly lower than this item's. */
    private final double[] percentile;
    /** How often each item has been recommended. */
    private final long[] counts;
    /** Every recorded list's items, concatenated, and where each list ends. */
    private final IntArrayList listItems = new IntArrayList();
    private final IntArrayList listEnds = new IntArrayList();
    private long slots;
    private long lists;

    /**
     * Creates an empty collector for a catalogue.
     *
     * @param numItems       the number of items in the catalogue, at least 1
     * @param itemPopularity {@code itemPopularity[i]} is the number of training interactions of item {@code i};
     *                       length {@code numItems}, entries non-negative. The array is copied.
     * @throws IllegalArgumentException if {@code numItems < 1}, the array has the wrong length or a negative entry
     * @throws NullPointerException     if {@code itemPopularity} is null
     */
    public CatalogueMetrics(int numItems, long[] itemPopularity) {
        Objects.requireNonNull(itemPopularity, "itemPopularity");
        if (numItems < 1) {
            throw new IllegalArgumentException("numItems must be at least 1, but was " + numItems + ".");
        }
        if (itemPopularity.length != numItems) {
            throw new IllegalArgumentException("itemPopularity has " + itemPopularity.length
                    + " entries, but numItems is " + numItems + ".");
        }
        this.numItems = numItems;
        this.popularity = itemPopularity.clone();
        for (int i = 0; i < numItems; i++) {
            if (popularity[i] < 0) {
                throw new IllegalArgumentException("Popularity must be non-negative, but itemPopularity[" + i
                        + "] is " + popularity[i] + ".");
            }
        }
        this.percentile = percentiles(popularity);
        this.counts = new long[numItems];
    }

    /**
     * Records one user's recommendation list (typically the top K). An empty list is allowed and counts as a list
     * with no slots. If the list is invalid, nothing is recorded.
     *
     * @param recommendedItems item indexes, each in {@code [0, numItems)}, distinct; the array is not modified
     * @throws IllegalArgumentException if an item is out of range or appears twice
     * @throws NullPointerException     if {@code recommendedItems} is null
     */
    public void addList(int[] recommendedItems) {
        Objects.requireNonNull(recommendedItems, "recommendedItems");
        int[] sorted = recommendedItems.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= numItems) {
                throw new IllegalArgumentException("Recommended item " + sorted[i]
                        + " is outside the catalogue of " + numItems + " items.");
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("Item " + sorted[i]
                        + " appears more than once in the recommended list.");
            }
        }
        for (int item : sorted) {
            counts[item]++;
        }
        listItems.addElements(listItems.size(), sorted);
        listEnds.add(listItems.size());
        slots += sorted.length;
        lists++;
    }

    /**
     * Adds all lists recorded by {@code other} to this collector, exactly as if they had been added here.
     * {@code other} is left unchanged.
     *
     * @param other a collector for the same catalogue: same number of items and same popularity counts
     * @throws IllegalArgumentException if {@code other} was built for a different catalogue
     * @throws NullPointerException     if {@code other} is null
     */
    public void merge(CatalogueMetrics other) {
        Objects.requireNonNull(other, "other");
        if (other.numItems != numItems || !Arrays.equals(other.popularity, popularity)) {
            throw new IllegalArgumentException("Cannot merge catalogue metrics for a different catalogue ("
                    + other.numItems + " items) into one for " + numItems
                    + " items; the item counts and popularity must be the same.");
        }
        for (int i = 0; i < numItems; i++) {
            counts[i] += other.counts[i];
        }
        int base = listItems.size();
        listItems.addAll(other.listItems);
        for (int i = 0; i < other.listEnds.size(); i++) {
            listEnds.add(base + other.listEnds.getInt(i));
        }
        slots += other.slots;
        lists += other.lists;
    }

    /**
     * Item coverage (catalogue coverage): the number of distinct items recommended at least once, divided by
     * {@code numItems}.
     *
     * @return a value in {@code [0, 1]}; 0 when nothing has been recommended
     */
    public double itemCoverage() {
        int distinct = 0;
        for (long c : counts) {
            if (c > 0) {
                distinct++;
            }
        }
        return (double) distinct / numItems;
    }

    /**
     * Average recommendation popularity (ARP; Abdollahpouri, Burke &amp; Mobasher 2019): the mean, over all
     * recommended slots of all lists, of the training popularity ({@code itemPopularity}) of the item in the slot.
     * Equivalently, the mean over lists of each list's average popularity, weighting lists by their length.
     *
     * @return a value in {@code [0, max itemPopularity]}, or {@link Double#NaN} when no slot has been recorded
     */
    public double averagePopularity() {
        if (slots == 0) {
            return Double.NaN;
        }
        double sum = 0.0;
        for (int i = 0; i < numItems; i++) {
            if (counts[i] > 0) {
                sum += (double) counts[i] * popularity[i];
            }
        }
        return sum / slots;
    }

    /**
     * Popularity bias: the mean, over all recommended slots, of the popularity percentile of the item in the slot.
     * An item's percentile is the fraction of the other {@code numItems - 1} items whose popularity is strictly
     * lower (0 for a one-item catalogue): 1 for the single most popular item, 0 for the least popular items, and
     * tied items share the same value. Recommending uniformly at random gives about 0.5 when popularities are
     * distinct (less when many items tie at low popularity); recommending the most popular items gives about 1.
     *
     * @return a value in {@code [0, 1]}, or {@link Double#NaN} when no slot has been recorded
     */
    public double popularityBias() {
        if (slots == 0) {
            return Double.NaN;
        }
        double sum = 0.0;
        for (int i = 0; i < numItems; i++) {
            if (counts[i] > 0) {
                sum += counts[i] * percentile[i];
            }
        }
        return Math.max(0.0, Math.min(1.0, sum / slots));
    }

    /**
     * Gini index of the recommendation frequencies: the Gini coefficient of the vector of how often each of the
     * {@code numItems} catalogue items (including never-recommended ones) was recommended. With the frequencies
     * sorted ascending, {@code x_(0) <= ... <= x_(n-1)}, it is
     * {@code G = sum over i of (2i - n + 1) * x_(i) / (n * sum of x)}. 0 means every item was recommended equally
     * often; the maximum, {@code (n - 1) / n}, is reached when all recommendations go to a single item.
     *
     * @return a value in {@code [0, 1)}, or {@link Double#NaN} when no slot has been recorded
     */
    public double giniIndex() {
        if (slots == 0) {
            return Double.NaN;
        }
        int distinct = 0;
        for (long c : counts) {
            if (c > 0) {
                distinct++;
            }
        }
        long[] nonZero = new long[distinct];
        int j = 0;
        for (long c : counts) {
            if (c > 0) {
                nonZero[j++] = c;
            }
        }
        return gini(nonZero, distinct, slots);
    }

    /**
     * The Gini index from the non-zero frequencies {@code nonZero[0..n)} (any order) of a catalogue of
     * {@link #numItems} items whose frequencies sum to {@code total}: the zeros come first in sorted order.
     */
    private double gini(long[] nonZero, int n, long total) {
        Arrays.sort(nonZero, 0, n);
        int zeros = numItems - n;
        double weighted = 0.0;
        for (int i = 0; i < n; i++) {
            weighted += (2.0 * (zeros + i) - numItems + 1) * nonZero[i];
        }
        return Math.max(0.0, weighted / ((double) numItems * total));
    }

    /**
     * Half-widths of 95% intervals of {@link #itemCoverage()}, {@link #averagePopularity()},
     * {@link #popularityBias()} and {@link #giniIndex()}, keyed {@code Coverage}, {@code ARP}, {@code PopBias} and
     * {@code Gini}: 1.96 times the standard deviation of each metric over {@code resamples} bootstrap resamples of
     * the recorded lists (users drawn with replacement, seeded), the normal bootstrap interval. NaN for fewer than
     * two lists.
     *
     * @param resamples bootstrap resamples, at least 2
     * @param seed      seed of the resampling
     */
    public Map<String, Double> halfWidths(int resamples, long seed) {
        if (resamples < 2) {
            throw new IllegalArgumentException("resamples must be >= 2, got " + resamples);
        }
        String[] keys = {"Coverage", "ARP", "PopBias", "Gini"};
        Map<String, Double> out = new LinkedHashMap<>();
        int n = listEnds.size();
        if (n < 2) {
            for (String k : keys) {
                out.put(k, Double.NaN);
            }
            return out;
        }
        double[][] values = new double[keys.length][resamples];
        long[] resampled = new long[numItems];
        int[] touched = new int[(int) Math.min(numItems, listItems.size())];
        long[] nonZero = new long[touched.length];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            int distinct = 0;
            long total = 0;
            double pop = 0;
            double pct = 0;
            for (int draw = 0; draw < n; draw++) {
                int l = rnd.nextInt(n);
                int from = l == 0 ? 0 : listEnds.getInt(l - 1);
                for (int q = from; q < listEnds.getInt(l); q++) {
                    int item = listItems.getInt(q);
                    if (resampled[item]++ == 0) {
                        touched[distinct++] = item;
                    }
                    pop += popularity[item];
                    pct += percentile[item];
                    total++;
                }
            }
            for (int t = 0; t < distinct; t++) {
                nonZero[t] = resampled[touched[t]];
                resampled[touched[t]] = 0;
            }
            values[0][b] = (double) distinct / numItems;
            values[1][b] = total == 0 ? Double.NaN : pop / total;
            values[2][b] = total == 0 ? Double.NaN : Math.min(1, pct / total);
            values[3][b] = total == 0 ? Double.NaN : gini(nonZero, distinct, total);
        }
        for (int m = 0; m < keys.length; m++) {
            out.put(keys[m], MetricAccumulator.Z95 * standardDeviation(values[m]));
        }
        return out;
    }

    private static double standardDeviation(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /**
     * The number of lists recorded so far, including those recorded through {@link #merge}.
     *
     * @return a non-negative count
     */
    public long lists() {
        return lists;
    }

    private static double[] percentiles(long[] popularity) {
        int n = popularity.length;
        double[] result = new double[n];
        if (n == 1) {
            return result;
        }
        long[] sorted = popularity.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            result[i] = (double) lowerBound(sorted, popularity[i]) / (n - 1);
        }
        return result;
    }

    /** The number of entries of the ascending array that are strictly less than value. */
    private static int lowerBound(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
