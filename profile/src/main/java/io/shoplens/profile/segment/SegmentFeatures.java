package io.shoplens.profile.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * The behavioural profile features segmentation clusters on, each an SQL expression over a profile row
 * ({@link io.shoplens.profile.ProfileSql#COLUMNS}) valid in DuckDB and Spark, and the words that describe a segment
 * whose centroid lies far above or below the mean of the feature.
 *
 * <p>Activity is {@code ln(1 + events)} and price level {@code ln(avg_price)} (only with a priced catalogue), so
 * a few heavy users do not dominate the scale; shares are in 0..1. Missing values (no priced events) are imputed
 * with the feature's mean before standardising.
 */
public final class SegmentFeatures {
    /** One feature. */
    public record Feature(String name, String sql, String high, String low) {
    }

    private static final List<Feature> BASE = List.of(
            new Feature("activity", "ln(1 + events)", "very active", "rarely active"),
            new Feature("active_days", "CAST(active_days AS DOUBLE)", "active on many days", "active on few days"),
            new Feature("buy_share", "buy_share", "buys often", "rarely buys"),
            new Feature("cart_share", "cart_share", "uses the cart a lot", "rarely carts"),
            new Feature("fav_share", "fav_share", "favourites a lot", "rarely favourites"),
            new Feature("night_share", "night_share", "active at night", "rarely at night"),
            new Feature("morning_share", "morning_share", "active in the morning", "rarely in the morning"),
            new Feature("afternoon_share", "afternoon_share", "active in the afternoon", "rarely in the afternoon"),
            new Feature("evening_share", "evening_share", "active in the evening", "rarely in the evening"));
    private static final Feature PRICE = new Feature("price_level", "ln(avg_price)", "high price level",
            "low price level");

    private SegmentFeatures() {
    }

    /** The features, with the price level when {@code prices}. */
    public static List<Feature> of(boolean prices) {
        List<Feature> f = new ArrayList<>(BASE);
        if (prices) {
            f.add(PRICE);
        }
        return List.copyOf(f);
    }

    /** The names of {@code features}. */
    public static List<String> names(List<Feature> features) {
        return features.stream().map(Feature::name).toList();
    }

    /** A SELECT list computing {@code features} (aliased by name) from a profile row. */
    public static String selectList(List<Feature> features) {
        return selectList(features, "");
    }

    /** A SELECT list computing {@code features}, aliased {@code prefix + name}, from a profile row. */
    public static String selectList(List<Feature> features, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (Feature f : features) {
            sb.append(sb.length() == 0 ? "" : ", ").append("CAST(").append(f.sql()).append(" AS DOUBLE) AS ")
                    .append(prefix).append(f.name());
        }
        return sb.toString();
    }
}
