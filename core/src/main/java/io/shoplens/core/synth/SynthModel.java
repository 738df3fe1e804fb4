package io.shoplens.core.synth;

/**
 * The immutable world a log is drawn from: catalogue layout, scattered ids, popularity laws, taste groups, the
 * time density of sessions and the per-user event counts. Built once per run and shared read-only by the
 * workers; memory is O(items + users + categories + tasteGroups * categoriesPerGroup).
 *
 * <p>Internal indices are dense: items 0..items-1 grouped by category (category k owns
 * [catStart[k], catStart[k+1]), ordered by popularity rank), categories 0..categories-1 by popularity rank.
 * External ids come from {@link #itemId} and {@link #catId}.
 */
final class SynthModel {
    static final int HOUR = 3_600;
    static final int DAY = 86_400;

    /** Relative session starts by local hour of day: quiet 2-6h, evening peak 20-22h. */
    private static final double[] HOURLY = {
        0.62, 0.36, 0.20, 0.13, 0.11, 0.13, 0.24, 0.42, 0.62, 0.78, 0.88, 0.90,
        0.92, 0.88, 0.86, 0.86, 0.85, 0.84, 0.90, 1.05, 1.22, 1.34, 1.24, 0.92};
    /** Relative activity Monday..Sunday. */
    private static final double[] WEEKLY = {0.96, 0.95, 0.96, 0.97, 1.00, 1.08, 1.08};
    /** Zipf exponent of a group's preference over its own categories, in draw order. */
    private static final double GROUP_PREFERENCE_EXPONENT = 0.7;

    private static final long SALT_ITEM_IDS = 0x1D5L;
    private static final long SALT_CATEGORY_IDS = 0xCA7L;
    private static final long SALT_ACTIVITY = 0xAC7L;
    private static final long SALT_GROUP = 0x6A0L;
    private static final long SALT_GROUP_OF = 0x6A1L;
    private static final long SALT_SUCCESSOR = 0x5CCL;

    final GeneratorConfig cfg;
    final long seed;
    final long start;
    final long end;
    final int items;
    final int categories;
    final int users;
    final int groups;
    /** Category k owns item indices [catStart[k], catStart[k + 1]). */
    final int[] catStart;
    final int[] catId;
    /** ",&lt;category id&gt;," in ASCII, per category. */
    final byte[][] catField;
    final int[] itemId;
    final AliasTable categoryAlias;
    /** Preferred categories of each group, most preferred first. */
    final int[][] groupCats;
    /** Draws a position in a group's preferred-category list (Zipf over positions). */
    final AliasTable groupPreference;
    /** Events of user u at index u - 1. */
    final int[] userEvents;
    final int usersWithEvents;
    /** Per-event probabilities after the user's first event, which is always a page view. */
    final double pCart;
    final double pFav;
    final double pBuy;
    final double pBuyPromo;
    final long promoStart;
    final long promoEnd;
    final long successorKey;

    private final double[] zipfSpan;
    private final double zipfPower;
    private final boolean zipfLog;
    /** Cumulative session-start mass at the start of each hour of the window; length hours + 1. */
    private final double[] hourCum;

    SynthModel(GeneratorConfig cfg) {
        this.cfg = cfg;
        this.seed = cfg.seed();
        this.start = cfg.startEpochSecond();
        this.end = cfg.endEpochSecond();
        this.items = cfg.items();
        this.categories = cfg.categories();
        this.users = cfg.users();
        this.groups = cfg.tasteGroups();
        this.successorKey = Rng.mix64(seed ^ SALT_SUCCESSOR);

        double[] catWeight = new double[categories];
        for (int k = 0; k < categories; k++) {
            catWeight[k] = Math.pow(k + 1.0, -cfg.categoryZipfExponent());
        }
        this.catStart = categoryLayout(catWeight, items);
        this.categoryAlias = new AliasTable(catWeight);
        this.catId = scatterIds(categories, Rng.mix64(seed ^ SALT_CATEGORY_IDS));
        this.itemId = scatterIds(items, Rng.mix64(seed ^ SALT_ITEM_IDS));
        this.catField = new byte[categories][];
        for (int k = 0; k < categories; k++) {
            catField[k] = Ascii.bytes("," + catId[k] + ",");
        }

        double s = cfg.itemZipfExponent();
        this.zipfLog = Math.abs(1.0 - s) < 1e-9;
        this.zipfPower = zipfLog ? 0.0 : 1.0 / (1.0 - s);
        this.zipfSpan = new double[categories];
        for (int k = 0; k < categories; k++) {
            double n = catStart[k + 1] - catStart[k];
            zipfSpan[k] = zipfLog ? Math.log(n + 1.0) : Math.pow(n + 1.0, 1.0 - s) - 1.0;
        }

        int perGroup = cfg.categoriesPerGroup();
        double[] preference = new double[perGroup];
        for (int j = 0; j < perGroup; j++) {
            preference[j] = Math.pow(j + 1.0, -GROUP_PREFERENCE_EXPONENT);
        }
        this.groupPreference = new AliasTable(preference);
        this.groupCats = buildGroups(catWeight, perGroup);

        this.userEvents = allocateUsers();
        int active = 0;
        for (int c : userEvents) {
            if (c > 0) {
                active++;
            }
        }
        this.usersWithEvents = active;

        this.hourCum = timeDensity();
        int promo = cfg.promoDay();
        double promoMass = 0;
        if (promo >= 0) {
            promoStart = start + (long) promo * DAY;
            promoEnd = promoStart + DAY;
            promoMass = hourCum[(promo + 1) * 24] - hourCum[promo * 24];
        } else {
            promoStart = -1;
            promoEnd = -1;
        }

        long nonFirst = cfg.events() - usersWithEvents;
        double scale = nonFirst > 0 ? (double) cfg.events() / nonFirst : 0.0;
        double cart = cfg.cartShare() * scale;
        double fav = cfg.favShare() * scale;
        double factor = cfg.promoBuyFactor();
        double buy = cfg.buyShare() * scale / (1.0 - promoMass + promoMass * factor);
        double buyPromo = buy * factor;
        double worst = cart + fav + Math.max(buy, buyPromo);
        if (worst > 0.98) {
            double shrink = 0.98 / worst;
            cart *= shrink;
            fav *= shrink;
            buy *= shrink;
            buyPromo *= shrink;
        }
        this.pCart = cart;
        this.pFav = fav;
        this.pBuy = buy;
        this.pBuyPromo = buyPromo;
    }

    /** The category owning item index {@code item}. */
    int categoryOf(int item) {
        int lo = 0;
        int hi = categories - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (catStart[mid] <= item) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The item index of Zipf rank drawn by uniform {@code u} in category {@code cat}. */
    int zipfItem(int cat, double u) {
        int base = catStart[cat];
        int n = catStart[cat + 1] - base;
        double x = zipfLog ? Math.exp(u * zipfSpan[cat]) : Math.pow(1.0 + u * zipfSpan[cat], zipfPower);
        int r = (int) x - 1;
        if (r < 0) {
            r = 0;
        } else if (r >= n) {
            r = n - 1;
        }
        return base + r;
    }

    /**
     * The {@code j}-th planted successor (0..2) of {@code item} in its category {@code cat}: a fixed item of
     * similar or higher popularity, so that item-to-item transitions carry signal beyond popularity.
     */
    int successor(int item, int cat, int j) {
        int base = catStart[cat];
        int n = catStart[cat + 1] - base;
        if (n == 1) {
            return item;
        }
        int rank = item - base;
        double u = Rng.unit(Rng.hash(successorKey, item, j));
        int window = (int) Math.min(n, 2L * rank + 24);
        int s = (int) (u * u * window);
        if (s == rank) {
            s = (s + 1) % n;
        }
        return base + s;
    }

    /** The planted taste group of user {@code user} (1-based), 0..groups-1. */
    int groupOf(int user) {
        return (int) ((Rng.hash(seed, user, SALT_GROUP_OF) >>> 1) % groups);
    }

    /** Session start second for a uniform {@code u} in [0, 1), following the diurnal/weekly/promo density. */
    long timeAt(double u) {
        double[] cum = hourCum;
        int lo = 0;
        int hi = cum.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cum[mid] <= u) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        double width = cum[lo + 1] - cum[lo];
        long offset = width > 0 ? (long) ((u - cum[lo]) / width * HOUR) : 0;
        if (offset < 0) {
            offset = 0;
        } else if (offset >= HOUR) {
            offset = HOUR - 1;
        }
        return start + (long) lo * HOUR + offset;
    }

    private double[] timeDensity() {
        int hours = cfg.days() * 24;
        double[] cum = new double[hours + 1];
        long offset = cfg.utcOffsetHours() * (long) HOUR;
        double total = 0;
        for (int b = 0; b < hours; b++) {
            long local = start + (long) b * HOUR + offset;
            int hour = Math.floorMod(local, DAY) / HOUR;
            int dow = Math.floorMod(Math.floorDiv(local, DAY) + 3, 7);
            double w = HOURLY[hour] * WEEKLY[dow];
            if (b / 24 == cfg.promoDay()) {
                w *= cfg.promoTrafficFactor();
            }
            total += w;
            cum[b + 1] = total;
        }
        for (int b = 1; b < hours; b++) {
            cum[b] /= total;
        }
        cum[hours] = 1.0;
        return cum;
    }

    private int[] allocateUsers() {
        long events = cfg.events();
        int base = events >= users ? 1 : 0;
        long rest = events - (long) base * users;
        double sigma = cfg.activitySigma();
        double total = 0;
        for (int u = 1; u <= users; u++) {
            total += activityWeight(u, sigma);
        }
        int[] counts = new int[users];
        double cum = 0;
        long prevEdge = 0;
        for (int u = 1; u <= users; u++) {
            cum += activityWeight(u, sigma);
            long edge = u == users ? rest : Math.min(rest, (long) Math.floor(rest * (cum / total) + 0.5));
            long c = base + edge - prevEdge;
            if (c > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("user " + u + " would get " + c
                        + " events, more than " + Integer.MAX_VALUE + "; raise users or lower events");
            }
            counts[u - 1] = (int) c;
            prevEdge = edge;
        }
        return counts;
    }

    private double activityWeight(int user, double sigma) {
        return Math.exp(sigma * Rng.gaussian(Rng.hash(seed, user, SALT_ACTIVITY)));
    }

    private static int[] categoryLayout(double[] weight, int items) {
        int n = weight.length;
        long rest = (long) items - n;
        double total = 0;
        for (double w : weight) {
            total += w;
        }
        int[] starts = new int[n + 1];
        double cum = 0;
        long prevEdge = 0;
        for (int k = 0; k < n; k++) {
            cum += weight[k];
            long edge = k == n - 1 ? rest : Math.min(rest, (long) Math.floor(rest * (cum / total) + 0.5));
            starts[k + 1] = (int) (starts[k] + 1 + edge - prevEdge);
            prevEdge = edge;
        }
        return starts;
    }

    /**
     * Draws each group's preferred categories without replacement, with probability proportional to the square
     * root of category popularity (popular categories are shared by many groups, the tail keeps groups apart).
     */
    private int[][] buildGroups(double[] catWeight, int perGroup) {
        int[][] result = new int[groups][];
        double[] soft = new double[categories];
        for (int k = 0; k < categories; k++) {
            soft[k] = Math.sqrt(catWeight[k]);
        }
        AliasTable softAlias = new AliasTable(soft);
        boolean[] taken = new boolean[categories];
        int maxAttempts = 50 * perGroup + 100;
        for (int g = 0; g < groups; g++) {
            Rng r = new Rng(Rng.hash(seed, g, SALT_GROUP));
            int[] chosen = new int[perGroup];
            int count = 0;
            for (int attempt = 0; attempt < maxAttempts && count < perGroup; attempt++) {
                int c = softAlias.sample(r.nextDouble());
                if (!taken[c]) {
                    taken[c] = true;
                    chosen[count++] = c;
                }
            }
            for (int c = 0; count < perGroup; c++) {
                if (!taken[c]) {
                    taken[c] = true;
                    chosen[count++] = c;
                }
            }
            for (int c : chosen) {
                taken[c] = false;
            }
            result[g] = chosen;
        }
        return result;
    }

    /**
     * Maps 0..n-1 injectively onto ids in [10<sup>6</sup>, 10<sup>7</sup>) (or a wider range of the same shape
     * when n exceeds 9 million) with a keyed Feistel permutation and cycle walking.
     */
    static int[] scatterIds(int n, long key) {
        long low = 1_000_000L;
        long range = 9_000_000L;
        while (range < n) {
            low *= 10;
            range *= 10;
        }
        int bits = 64 - Long.numberOfLeadingZeros(range - 1);
        if ((bits & 1) != 0) {
            bits++;
        }
        int half = bits / 2;
        long mask = (1L << half) - 1;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            long x = i;
            do {
                x = feistel(x, half, mask, key);
            } while (x >= range);
            ids[i] = (int) (low + x);
        }
        return ids;
    }

    private static long feistel(long x, int half, long mask, long key) {
        long left = x >>> half;
        long right = x & mask;
        for (int round = 0; round < 4; round++) {
            long f = Rng.mix64(key + round * Rng.GOLDEN + right) & mask;
            long next = left ^ f;
            left = right;
            right = next;
        }
        return (left << half) | right;
    }
}
