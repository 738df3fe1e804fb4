package io.shoplens.predict.forecast;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.OrderLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A daily sales series: units sold per calendar day in the shop's time zone, consecutive days, zeros kept.
 *
 * @param name   what is counted, e.g. {@code total}, {@code category 1464116}, {@code item 2268318}
 * @param start  the first day
 * @param values units per day, at least one day, finite and at least 0
 */
public record DailySeries(String name, LocalDate start, double[] values) {
    public DailySeries {
        if (values.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' is empty");
        }
        for (int t = 0; t < values.length; t++) {
            if (!Double.isFinite(values[t]) || values[t] < 0) {
                throw new IllegalArgumentException("series '" + name + "' has value " + values[t] + " on "
                        + start.plusDays(t) + "; daily sales must be finite and >= 0");
            }
        }
        values = values.clone();
    }

    /** A copy of the values (the series itself cannot be changed). */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** Number of days. */
    public int length() {
        return values.length;
    }

    /** The first {@code n} days. */
    public DailySeries head(int n) {
        return new DailySeries(name, start, Arrays.copyOf(values, n));
    }

    /** How series are drawn from a behaviour log. */
    public enum Level {
        /** One series: every purchase. */
        TOTAL,
        /** One series per category, the categories with the most purchases first. */
        CATEGORY,
        /** One series per item, the items with the most purchases first. */
        ITEM
    }

    /**
     * Daily purchase counts (behaviour {@code buy}) from a behaviour log.
     *
     * @param level          total, per category or per item
     * @param top            how many categories or items (the best sellers), at least 1
     * @param utcOffsetHours the shop's time zone, -12..14
     */
    public static List<DailySeries> fromBuys(InteractionStore store, Level level, int top, int utcOffsetHours) {
        if (store.ordinalTime()) {
            throw new IllegalArgumentException("daily sales need timestamps; this log has only row order");
        }
        List<long[]> buys = new ArrayList<>();
        for (int p = 0; p < store.numEvents(); p++) {
            if (store.behaviorCodeAt(p) == 3) {
                int key = switch (level) {
                    case TOTAL -> 0;
                    case CATEGORY -> store.categoryAt(p);
                    case ITEM -> store.itemAt(p);
                };
                if (key >= 0) {
                    buys.add(new long[] {store.timeAt(p), key, 1});
                }
            }
        }
        return build(buys, level, top, utcOffsetHours, k -> switch (level) {
            case TOTAL -> "total";
            case CATEGORY -> "category " + store.categories().externalId(k);
            case ITEM -> "item " + store.items().externalId(k);
        });
    }

    /** Daily units (order quantities) from an order log, total or per item. */
    public static List<DailySeries> fromOrders(List<OrderLine> orders, Level level, int top, int utcOffsetHours,
            java.util.function.IntFunction<String> itemName) {
        if (level == Level.CATEGORY) {
            throw new IllegalArgumentException("order lines carry no category; use total or item");
        }
        List<long[]> lines = new ArrayList<>();
        for (OrderLine o : orders) {
            lines.add(new long[] {o.time(), level == Level.TOTAL ? 0 : o.item(), o.quantity()});
        }
        return build(lines, level, top, utcOffsetHours, k -> level == Level.TOTAL ? "total" : "item "
                + itemName.apply(k));
    }

    private static List<DailySeries> build(List<long[]> events, Level level, int top, int utcOffsetHours,
            java.util.function.IntFunction<String> name) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be >= 1, got " + top);
        }
        if (utcOffsetHours < -12 || utcOffsetHours > 14) {
            throw new IllegalArgumentException("utcOffsetHours must be in -12..14, got " + utcOffsetHours);
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("the log has no purchases to count");
        }
        long firstDay = Long.MAX_VALUE;
        long lastDay = Long.MIN_VALUE;
        java.util.Map<Integer, Double> totals = new java.util.HashMap<>();
        for (long[] e : events) {
            long day = Math.floorDiv(e[0] + utcOffsetHours * 3600L, 86_400L);
            firstDay = Math.min(firstDay, day);
            lastDay = Math.max(lastDay, day);
            totals.merge((int) e[1], (double) e[2], Double::sum);
        }
        List<Integer> keys = totals.entrySet().stream()
                .sorted((a, b) -> !a.getValue().equals(b.getValue()) ? Double.compare(b.getValue(), a.getValue())
                        : Integer.compare(a.getKey(), b.getKey()))
                .limit(level == Level.TOTAL ? 1 : top).map(java.util.Map.Entry::getKey).toList();
        java.util.Map<Integer, Integer> row = new java.util.HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            row.put(keys.get(i), i);
        }
        int days = (int) (lastDay - firstDay + 1);
        double[][] v = new double[keys.size()][days];
        for (long[] e : events) {
            Integer r = row.get((int) e[1]);
            if (r != null) {
                long day = Math.floorDiv(e[0] + utcOffsetHours * 3600L, 86_400L);
                v[r][(int) (day - firstDay)] += e[2];
            }
        }
        LocalDate start = LocalDate.ofEpochDay(firstDay);
        List<DailySeries> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            out.add(new DailySeries(name.apply(keys.get(i)), start, v[i]));
        }
        return out;
    }

    /** The calendar day index (0 = Monday) of day {@code t}. */
    public int dayOfWeek(int t) {
        return start.plusDays(t).getDayOfWeek().getValue() - 1;
    }
}
