package io.shoplens.predict.propensity;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.predict.tabular.Table;
import io.shoplens.predict.tabular.Task;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a behaviour log into one row per user for purchase propensity at a cut-off time T: features from the
 * user's events strictly before T, and the label "the user buys (any item, or an item of one category) in
 * [T, T + horizon)".
 *
 * <p>Leakage is ruled out by construction: features are computed on {@code store.filter(time < T)}, a store that
 * holds no event at or after T, and only the label reads later events. The population is every user with at least
 * one event before T.
 *
 * <p>Features (times in hours, counts as log(1 + n)): counts of page views, carts, favourites and buys over the
 * whole history, the last horizon and the last three horizons; hours since the last event, last buy and last
 * cart (missing ones take the length of the observed history before T); hours since the first event; distinct
 * items and categories; items carted or favoured and not bought since; the smoothed cart-per-view, buy-per-view
 * and buy-per-cart ratios; sessions (gaps over 30 minutes) and active days; the share of events at night (0-6h),
 * morning, afternoon and evening in the shop's time zone; the hour of the last event as sine and cosine; whether
 * the last event was a cart or favourite; whether the user ever bought; and the most views of a single item.
 */
public final class PropensityFeatures {
    /** The feature columns, in order. */
    public static final List<String> NAMES = List.of(
            "pv_all", "cart_all", "fav_all", "buy_all",
            "pv_w1", "cart_w1", "fav_w1", "buy_w1",
            "pv_w3", "cart_w3", "fav_w3", "buy_w3",
            "hours_since_last_event", "hours_since_last_buy", "hours_since_last_cart", "hours_since_first_event",
            "distinct_items", "distinct_categories", "open_carts",
            "cart_per_view", "buy_per_view", "buy_per_cart",
            "sessions", "active_days",
            "share_night", "share_morning", "share_afternoon", "share_evening",
            "last_hour_sin", "last_hour_cos", "last_is_cart_or_fav", "ever_bought", "max_item_views");
    private static final long SESSION_GAP = 30 * 60;

    private PropensityFeatures() {
    }

    /**
     * Users and their rows.
     *
     * @param users user index of each row
     * @param table the rows, labelled
     */
    public record Rows(int[] users, Table table) {
    }

    /**
     * Builds the rows at {@code cutoff}.
     *
     * @param store          the behaviour log (epoch-second times)
     * @param cutoff         T, epoch seconds
     * @param horizon        label window length in seconds, at least 1; windows "w1"/"w3" are the last one and three
     *                       horizons
     * @param category       category index whose purchases count, or -1 for any purchase
     * @param utcOffsetHours the shop's time zone for hour-of-day features, -12..14
     * @param fingerprint    identifies the source, for provenance
     */
    public static Rows build(InteractionStore store, long cutoff, long horizon, int category, int utcOffsetHours,
            String fingerprint) {
        if (store.ordinalTime()) {
            throw new IllegalArgumentException("purchase propensity needs timestamps; this log has only row order");
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1 second, got " + horizon);
        }
        if (utcOffsetHours < -12 || utcOffsetHours > 14) {
            throw new IllegalArgumentException("utcOffsetHours must be in -12..14, got " + utcOffsetHours);
        }
        InteractionStore past = store.filter(p -> store.timeAt(p) < cutoff);
        long firstTime = Long.MAX_VALUE;
        for (int p = 0; p < past.numEvents(); p++) {
            firstTime = Math.min(firstTime, past.timeAt(p));
        }
        double observedHours = firstTime == Long.MAX_VALUE ? 0 : (cutoff - firstTime) / 3600.0;
        List<Integer> users = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int u = 0; u < past.numUsers(); u++) {
            if (past.userLength(u) > 0) {
                users.add(u);
                rows.add(row(past, u, cutoff, horizon, observedHours, utcOffsetHours));
            }
        }
        int[] us = users.stream().mapToInt(Integer::intValue).toArray();
        float[] y = labels(store, us, cutoff, horizon, category);
        String fp = fingerprint + "|propensity cutoff=" + cutoff + " horizon=" + horizon + " category=" + category;
        return new Rows(us, new Table(NAMES, rows.toArray(new float[0][]), y, Task.BINARY, 2, fp));
    }

    /** 1 when user u buys (in {@code category}, unless -1) in [cutoff, cutoff + horizon). */
    static float[] labels(InteractionStore store, int[] users, long cutoff, long horizon, int category) {
        float[] y = new float[users.length];
        for (int k = 0; k < users.length; k++) {
            int u = users[k];
            for (int p = store.userStart(u); p < store.userEnd(u); p++) {
                long t = store.timeAt(p);
                if (t >= cutoff && t < cutoff + horizon && store.behaviorCodeAt(p) == 3
                        && (category < 0 || store.categoryAt(p) == category)) {
                    y[k] = 1;
                    break;
                }
            }
        }
        return y;
    }

    private static float[] row(InteractionStore s, int u, long cutoff, long horizon, double observedHours,
            int utcOffsetHours) {
        int[] all = new int[4];
        int[] w1 = new int[4];
        int[] w3 = new int[4];
        long lastBuy = Long.MIN_VALUE;
        long lastCart = Long.MIN_VALUE;
        IntOpenHashSet items = new IntOpenHashSet();
        IntOpenHashSet categories = new IntOpenHashSet();
        Int2IntOpenHashMap views = new Int2IntOpenHashMap();
        Int2IntOpenHashMap openSince = new Int2IntOpenHashMap();
        LongOpenHashSet days = new LongOpenHashSet();
        int[] dayPart = new int[4];
        int sessions = 0;
        long prev = Long.MIN_VALUE;
        int start = s.userStart(u);
        int end = s.userEnd(u);
        for (int p = start; p < end; p++) {
            long t = s.timeAt(p);
            int b = s.behaviorCodeAt(p);
            int item = s.itemAt(p);
            all[b]++;
            if (t >= cutoff - horizon) {
                w1[b]++;
            }
            if (t >= cutoff - 3 * horizon) {
                w3[b]++;
            }
            items.add(item);
            if (s.categoryAt(p) >= 0) {
                categories.add(s.categoryAt(p));
            }
            if (b == 0) {
                views.addTo(item, 1);
            } else if (b == 3) {
                lastBuy = t;
                openSince.remove(item);
            } else {
                openSince.put(item, 1);
                if (b == 1) {
                    lastCart = t;
                }
            }
            if (prev == Long.MIN_VALUE || t - prev > SESSION_GAP) {
                sessions++;
            }
            prev = t;
            long local = t + utcOffsetHours * 3600L;
            days.add(Math.floorDiv(local, 86_400L));
            int hour = (int) Math.floorMod(local, 86_400L) / 3600;
            dayPart[hour / 6]++;
        }
        int n = end - start;
        long first = s.timeAt(start);
        long last = s.timeAt(end - 1);
        int maxViews = 0;
        for (int v : views.values()) {
            maxViews = Math.max(maxViews, v);
        }
        long lastLocal = last + utcOffsetHours * 3600L;
        double lastHour = Math.floorMod(lastLocal, 86_400L) / 3600.0;
        int lastBehavior = s.behaviorCodeAt(end - 1);
        float[] r = new float[NAMES.size()];
        int k = 0;
        for (int[] c : new int[][] {all, w1, w3}) {
            for (int b = 0; b < 4; b++) {
                r[k++] = log1p(c[b]);
            }
        }
        r[k++] = (float) ((cutoff - last) / 3600.0);
        r[k++] = lastBuy == Long.MIN_VALUE ? (float) observedHours : (float) ((cutoff - lastBuy) / 3600.0);
        r[k++] = lastCart == Long.MIN_VALUE ? (float) observedHours : (float) ((cutoff - lastCart) / 3600.0);
        r[k++] = (float) ((cutoff - first) / 3600.0);
        r[k++] = log1p(items.size());
        r[k++] = log1p(categories.size());
        r[k++] = log1p(openSince.size());
        r[k++] = (float) ((all[1] + 0.1) / (all[0] + 1.0));
        r[k++] = (float) ((all[3] + 0.05) / (all[0] + 1.0));
        r[k++] = (float) ((all[3] + 0.5) / (all[1] + 1.0));
        r[k++] = log1p(sessions);
        r[k++] = log1p(days.size());
        for (int part = 0; part < 4; part++) {
            r[k++] = (float) dayPart[part] / n;
        }
        r[k++] = (float) Math.sin(2 * Math.PI * lastHour / 24);
        r[k++] = (float) Math.cos(2 * Math.PI * lastHour / 24);
        r[k++] = lastBehavior == 1 || lastBehavior == 2 ? 1 : 0;
        r[k++] = all[3] > 0 ? 1 : 0;
        r[k++] = log1p(maxViews);
        return r;
    }

    private static float log1p(int n) {
        return (float) Math.log1p(n);
    }
}
