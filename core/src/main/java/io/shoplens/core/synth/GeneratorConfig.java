package io.shoplens.core.synth;

/**
 * Everything that shapes a synthetic behaviour log. Two equal configurations always produce byte-identical
 * files, whatever the number of worker threads.
 *
 * <p>The compact constructor validates every component and fails with an {@link IllegalArgumentException}
 * naming the component and the bad value, e.g. {@code "users must be >= 1, got 0"}.
 *
 * @param events              exact number of event lines to write, 0..10<sup>11</sup>
 * @param users               number of users; user ids are 1..users, 1..2<sup>31</sup>-1
 * @param items               number of catalogue items, categories..10<sup>8</sup>; item ids are scattered
 *                            injectively over a 7-digit (or, above 9 million items, wider) range
 * @param categories          number of item categories, at least 1; category ids are scattered like item ids
 * @param days                length of the time window in days, 1..366
 * @param seed                seed of every random choice
 * @param startEpochSecond    first second of the window (epoch seconds, UTC), 0..9,000,000,000; timestamps
 *                            lie in [start, start + days * 86400)
 * @param itemZipfExponent    Zipf exponent of item popularity inside a category, 0..4 (0 = uniform)
 * @param categoryZipfExponent Zipf exponent of category size and popularity, 0..4
 * @param activitySigma       sigma of the log-normal number of events per user, 0..4 (0 = equal activity)
 * @param pvShare             target share of page views among all events, 0..1
 * @param cartShare           target share of add-to-cart events, 0..1
 * @param favShare            target share of favourite events, 0..1
 * @param buyShare            target share of purchases, 0..1; the four shares must sum to 1 (within 1e-6)
 * @param tasteGroups         number of planted taste groups, 1..1,000,000; each user belongs to one
 * @param categoriesPerGroup  number of preferred categories of each group, 1..categories
 * @param groupAffinity       probability, 0..1, that a freely chosen category comes from the user's group
 *                            rather than from global category popularity
 * @param categoryStickiness  probability, 0..1, that the next page view in a session stays in the current
 *                            category with a fresh popularity-weighted item
 * @param transitionFollow    probability, 0..1, that the next page view in a session follows one of the
 *                            previous item's three planted successor items; stickiness + follow &lt;= 0.9
 * @param funnelLeak          probability, 0..1, that a cart/fav/buy targets an item the user has not viewed
 *                            (its view predates the window in real logs)
 * @param promoDay            zero-based index of the promotion day within the window, or -1 for none
 * @param promoBuyFactor      how many times more likely a purchase is on the promotion day, 1..20; the overall
 *                            buy share stays at {@code buyShare}
 * @param promoTrafficFactor  how many times busier the promotion day is, 1..10
 * @param utcOffsetHours      time zone of the shoppers' diurnal and weekly rhythm in hours east of UTC,
 *                            -12..14 (8 = Beijing)
 */
public record GeneratorConfig(
        long events,
        int users,
        int items,
        int categories,
        int days,
        long seed,
        long startEpochSecond,
        double itemZipfExponent,
        double categoryZipfExponent,
        double activitySigma,
        double pvShare,
        double cartShare,
        double favShare,
        double buyShare,
        int tasteGroups,
        int categoriesPerGroup,
        double groupAffinity,
        double categoryStickiness,
        double transitionFollow,
        double funnelLeak,
        int promoDay,
        double promoBuyFactor,
        double promoTrafficFactor,
        int utcOffsetHours) {

    /** 2017-11-25 00:00 in Beijing (UTC+8), the first day of Taobao's UserBehavior data set. */
    public static final long TAOBAO_START_EPOCH_SECOND = 1_511_539_200L;
    /** Largest accepted {@link #events()}. */
    public static final long MAX_EVENTS = 100_000_000_000L;
    /** Largest accepted {@link #items()}. */
    public static final int MAX_ITEMS = 100_000_000;
    /** Largest accepted {@link #startEpochSecond()}. */
    public static final long MAX_START_EPOCH_SECOND = 9_000_000_000L;

    private static final double DEFAULT_ITEM_ZIPF = 1.0;
    private static final double DEFAULT_CATEGORY_ZIPF = 0.9;
    private static final double DEFAULT_ACTIVITY_SIGMA = 1.0;
    private static final double DEFAULT_CART = 0.0552;
    private static final double DEFAULT_FAV = 0.0288;
    private static final double DEFAULT_BUY = 0.0201;
    private static final double DEFAULT_PV = 1.0 - DEFAULT_CART - DEFAULT_FAV - DEFAULT_BUY;
    private static final double DEFAULT_AFFINITY = 0.8;
    private static final double DEFAULT_STICKINESS = 0.3;
    private static final double DEFAULT_FOLLOW = 0.4;
    private static final double DEFAULT_LEAK = 0.03;
    private static final double DEFAULT_PROMO_BUY = 2.5;
    private static final double DEFAULT_PROMO_TRAFFIC = 1.4;
    private static final int BEIJING_UTC_OFFSET = 8;

    /** Validates every component; see the class documentation for the accepted ranges. */
    public GeneratorConfig {
        if (events < 0 || events > MAX_EVENTS) {
            throw bad("events must be in 0.." + MAX_EVENTS + ", got " + events);
        }
        if (users < 1) {
            throw bad("users must be >= 1, got " + users);
        }
        if (categories < 1) {
            throw bad("categories must be >= 1, got " + categories);
        }
        if (items < categories) {
            throw bad("items must be >= categories (" + categories + "), got " + items);
        }
        if (items > MAX_ITEMS) {
            throw bad("items must be <= " + MAX_ITEMS + ", got " + items);
        }
        if (days < 1 || days > 366) {
            throw bad("days must be in 1..366, got " + days);
        }
        if (startEpochSecond < 0 || startEpochSecond > MAX_START_EPOCH_SECOND) {
            throw bad("startEpochSecond must be in 0.." + MAX_START_EPOCH_SECOND + ", got " + startEpochSecond);
        }
        checkRange("itemZipfExponent", itemZipfExponent, 0, 4);
        checkRange("categoryZipfExponent", categoryZipfExponent, 0, 4);
        checkRange("activitySigma", activitySigma, 0, 4);
        checkRange("pvShare", pvShare, 0, 1);
        checkRange("cartShare", cartShare, 0, 1);
        checkRange("favShare", favShare, 0, 1);
        checkRange("buyShare", buyShare, 0, 1);
        double shareSum = pvShare + cartShare + favShare + buyShare;
        if (Math.abs(shareSum - 1.0) > 1e-6) {
            throw bad("pvShare + cartShare + favShare + buyShare must be 1, got " + Math.round(shareSum * 1e9) / 1e9);
        }
        if (tasteGroups < 1 || tasteGroups > 1_000_000) {
            throw bad("tasteGroups must be in 1..1000000, got " + tasteGroups);
        }
        if (categoriesPerGroup < 1 || categoriesPerGroup > categories) {
            throw bad("categoriesPerGroup must be in 1..categories (" + categories + "), got "
                    + categoriesPerGroup);
        }
        checkRange("groupAffinity", groupAffinity, 0, 1);
        checkRange("categoryStickiness", categoryStickiness, 0, 1);
        checkRange("transitionFollow", transitionFollow, 0, 1);
        if (categoryStickiness + transitionFollow > 0.9) {
            throw bad("categoryStickiness + transitionFollow must be <= 0.9, got "
                    + (categoryStickiness + transitionFollow));
        }
        checkRange("funnelLeak", funnelLeak, 0, 1);
        if (promoDay < -1 || promoDay >= days) {
            throw bad("promoDay must be -1 (none) or in 0.." + (days - 1) + ", got " + promoDay);
        }
        checkRange("promoBuyFactor", promoBuyFactor, 1, 20);
        checkRange("promoTrafficFactor", promoTrafficFactor, 1, 10);
        if (utcOffsetHours < -12 || utcOffsetHours > 14) {
            throw bad("utcOffsetHours must be in -12..14, got " + utcOffsetHours);
        }
    }

    /**
     * The size of Taobao's UserBehavior data set: 100,000,000 events by 987,994 users on 4,162,024 items in
     * 9,439 categories over the 9 days from 2017-11-25 00:00 Beijing time, seed 20171125, promotion on day 7
     * (2017-12-02), other knobs at their defaults.
     */
    public static GeneratorConfig taobaoScale() {
        return small(100_000_000L, 987_994, 4_162_024, 9_439, 9, 20_171_125L);
    }

    /**
     * A configuration of the given size starting at {@link #TAOBAO_START_EPOCH_SECOND} with every other knob at
     * its Taobao-like default: behaviour mix pv 89.59%, cart 5.52%, fav 2.88%, buy 2.01%; item Zipf 1.0,
     * category Zipf 0.9, activity sigma 1.0; min(64, max(1, categories / 8)) taste groups of
     * min(24, max(1, categories / (2 * groups))) categories each, affinity 0.8; stickiness 0.3, follow 0.4,
     * funnel leak 0.03; promotion on day {@code days * 7 / 9} with 2.5 times the buy rate and 1.4 times the
     * traffic; Beijing time (UTC+8).
     */
    public static GeneratorConfig small(long events, int users, int items, int categories, int days, long seed) {
        int groups = Math.min(64, Math.max(1, categories / 8));
        int perGroup = Math.min(24, Math.max(1, categories / (2 * groups)));
        int promo = days * 7 / 9;
        return new GeneratorConfig(events, users, items, categories, days, seed, TAOBAO_START_EPOCH_SECOND,
                DEFAULT_ITEM_ZIPF, DEFAULT_CATEGORY_ZIPF, DEFAULT_ACTIVITY_SIGMA,
                DEFAULT_PV, DEFAULT_CART, DEFAULT_FAV, DEFAULT_BUY,
                groups, perGroup, DEFAULT_AFFINITY, DEFAULT_STICKINESS, DEFAULT_FOLLOW, DEFAULT_LEAK,
                promo, DEFAULT_PROMO_BUY, DEFAULT_PROMO_TRAFFIC, BEIJING_UTC_OFFSET);
    }

    /** A copy with another {@link #seed()}. */
    public GeneratorConfig withSeed(long newSeed) {
        return new GeneratorConfig(events, users, items, categories, days, newSeed, startEpochSecond,
                itemZipfExponent, categoryZipfExponent, activitySigma, pvShare, cartShare, favShare, buyShare,
                tasteGroups, categoriesPerGroup, groupAffinity, categoryStickiness, transitionFollow, funnelLeak,
                promoDay, promoBuyFactor, promoTrafficFactor, utcOffsetHours);
    }

    /** A copy with another {@link #events()} count. */
    public GeneratorConfig withEvents(long newEvents) {
        return new GeneratorConfig(newEvents, users, items, categories, days, seed, startEpochSecond,
                itemZipfExponent, categoryZipfExponent, activitySigma, pvShare, cartShare, favShare, buyShare,
                tasteGroups, categoriesPerGroup, groupAffinity, categoryStickiness, transitionFollow, funnelLeak,
                promoDay, promoBuyFactor, promoTrafficFactor, utcOffsetHours);
    }

    /** A copy with other taste-group knobs: {@code groups} groups of {@code perGroup} categories each. */
    public GeneratorConfig withTasteGroups(int groups, int perGroup, double affinity) {
        return new GeneratorConfig(events, users, items, categories, days, seed, startEpochSecond,
                itemZipfExponent, categoryZipfExponent, activitySigma, pvShare, cartShare, favShare, buyShare,
                groups, perGroup, affinity, categoryStickiness, transitionFollow, funnelLeak,
                promoDay, promoBuyFactor, promoTrafficFactor, utcOffsetHours);
    }

    /** First second after the window: {@code startEpochSecond + days * 86400}. */
    public long endEpochSecond() {
        return startEpochSecond + days * 86_400L;
    }

    private static void checkRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw bad(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    private static IllegalArgumentException bad(String message) {
        return new IllegalArgumentException(message);
    }
}
