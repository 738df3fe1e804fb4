package io.shoplens.core.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** Writes the items, users and ground-truth CSV files that accompany an events file. */
final class SideFiles {
    private static final String[] SYLLABLES = {
        "an", "bai", "bao", "bei", "chen", "chun", "da", "dong", "fang", "fei", "feng", "gu", "hai", "hong",
        "hua", "jia", "jin", "jing", "kang", "lan", "le", "li", "long", "mei", "ming", "nuo", "pin", "qing",
        "rui", "shang", "shi", "tian", "wei", "xin", "ya", "yang", "yi", "yun", "zhen", "zhi"};
    private static final byte[][] GENERIC = tokens("new", "hot", "2017", "sale", "genuine", "original",
            "free-shipping", "classic", "korean", "premium", "mini", "plus", "official", "limited", "winter",
            "gift");
    private static final int VOCABULARY = 12;
    private static final double GENERIC_SHARE = 0.6;
    private static final double MEDIAN_PRICE = 60.0;
    private static final double CATEGORY_PRICE_SIGMA = 1.0;
    private static final double ITEM_PRICE_SIGMA = 0.5;
    private static final long MIN_CENTS = 50;
    private static final long MAX_CENTS = 50_000_000;

    private static final byte[][] AGE_BANDS = tokens("18-24", "25-34", "35-44", "45-54", "55+");
    private static final double[] AGE_WEIGHTS = {0.26, 0.36, 0.21, 0.11, 0.06};
    private static final double GROUP_AGE_SHARE = 0.45;
    private static final byte[][] REGIONS = tokens("east", "south", "north", "central", "southwest",
            "northwest", "northeast");
    private static final double[] REGION_WEIGHTS = {0.30, 0.20, 0.16, 0.14, 0.10, 0.05, 0.05};
    private static final double UNKNOWN_GENDER = 0.06;
    private static final double GENDER_LEAN = 0.72;

    private static final long SALT_VOCABULARY = 0x70CL;
    private static final long SALT_CATEGORY_PRICE = 0x9C1L;
    private static final long SALT_ITEM = 0x17EL;
    private static final long SALT_PROFILE = 0x960L;

    private SideFiles() {
    }

    /**
     * {@code item,category,price,title,image}, one line per catalogue item in increasing item id order. Prices
     * are log-normal around a log-normal per-category median, in yuan with two decimals; titles are 2-4 tokens of
     * the category's vocabulary plus often one generic token; image is empty.
     */
    static void writeItems(SynthModel m, Path path) throws IOException {
        int n = m.items;
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = ((long) m.itemId[i] << 32) | i;
        }
        Arrays.parallelSort(order);
        byte[][][] vocabulary = vocabulary(m);
        double[] median = new double[m.categories];
        for (int k = 0; k < m.categories; k++) {
            median[k] = Math.log(MEDIAN_PRICE)
                    + CATEGORY_PRICE_SIGMA * Rng.gaussian(Rng.hash(m.seed, k, SALT_CATEGORY_PRICE));
        }
        Rng r = new Rng(0);
        try (LineWriter w = LineWriter.open(path)) {
            w.ascii("item,category,price,title,image\n");
            for (long key : order) {
                int item = (int) key;
                int cat = m.categoryOf(item);
                r.reseed(Rng.hash(m.seed, item, SALT_ITEM));
                w.number(m.itemId[item]).bytes(m.catField[cat]);
                double yuan = Math.exp(median[cat] + ITEM_PRICE_SIGMA * r.nextGaussian());
                long cents = Math.max(MIN_CENTS, Math.min(MAX_CENTS, Math.round(yuan * 100)));
                w.number(cents / 100).ch('.');
                long fraction = cents % 100;
                w.ch((char) ('0' + fraction / 10)).ch((char) ('0' + fraction % 10)).ch(',');
                byte[][] words = vocabulary[cat];
                int tokens = 2 + r.nextInt(3);
                for (int t = 0; t < tokens; t++) {
                    if (t > 0) {
                        w.ch(' ');
                    }
                    double u = r.nextDouble();
                    w.bytes(words[(int) (u * u * VOCABULARY)]);
                }
                if (r.nextDouble() < GENERIC_SHARE) {
                    w.ch(' ').bytes(GENERIC[r.nextInt(GENERIC.length)]);
                }
                w.ch(',').ch('\n');
            }
        }
    }

    /**
     * {@code user,age_band,gender,region} for users 1..users. Gender (f/m/u) and age band lean towards a
     * profile of the user's taste group, so segmentation has demographic signal too.
     */
    static void writeUsers(SynthModel m, Path path) throws IOException {
        Rng r = new Rng(0);
        try (LineWriter w = LineWriter.open(path)) {
            w.ascii("user,age_band,gender,region\n");
            for (int u = 1; u <= m.users; u++) {
                int g = m.groupOf(u);
                r.reseed(Rng.hash(m.seed, u, SALT_PROFILE));
                int age = r.nextDouble() < GROUP_AGE_SHARE ? g % AGE_BANDS.length : pick(AGE_WEIGHTS, r.nextDouble());
                char gender;
                double x = r.nextDouble();
                if (x < UNKNOWN_GENDER) {
                    gender = 'u';
                } else {
                    int lean = g % 3;
                    double pFemale = lean == 0 ? GENDER_LEAN : (lean == 1 ? 1 - GENDER_LEAN : 0.5);
                    gender = r.nextDouble() < pFemale ? 'f' : 'm';
                }
                int region = pick(REGION_WEIGHTS, r.nextDouble());
                w.number(u).ch(',').bytes(AGE_BANDS[age]).ch(',').ch(gender).ch(',').bytes(REGIONS[region])
                        .ch('\n');
            }
        }
    }

    /**
     * {@code user,group,preferred_categories} for users 1..users: the planted taste group (0-based) and its
     * preferred category ids joined by {@code |}, most preferred first.
     */
    static void writeTruth(SynthModel m, Path path) throws IOException {
        byte[][] groupLists = new byte[m.groups][];
        for (int g = 0; g < m.groups; g++) {
            StringBuilder sb = new StringBuilder();
            for (int c : m.groupCats[g]) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(m.catId[c]);
            }
            sb.append('\n');
            groupLists[g] = Ascii.bytes(sb.toString());
        }
        try (LineWriter w = LineWriter.open(path)) {
            w.ascii("user,group,preferred_categories\n");
            for (int u = 1; u <= m.users; u++) {
                int g = m.groupOf(u);
                w.number(u).ch(',').number(g).ch(',').bytes(groupLists[g]);
            }
        }
    }

    private static byte[][][] vocabulary(SynthModel m) {
        byte[][][] v = new byte[m.categories][VOCABULARY][];
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < m.categories; k++) {
            for (int j = 0; j < VOCABULARY; j++) {
                long h = Rng.hash(m.seed ^ SALT_VOCABULARY, k, j);
                int syllables = 2 + (int) (h & 1);
                sb.setLength(0);
                for (int s = 0; s < syllables; s++) {
                    h = Rng.mix64(h + Rng.GOLDEN);
                    sb.append(SYLLABLES[(int) ((h >>> 33) % SYLLABLES.length)]);
                }
                v[k][j] = Ascii.bytes(sb.toString());
            }
        }
        return v;
    }

    private static int pick(double[] weights, double u) {
        double acc = 0;
        for (int i = 0; i < weights.length - 1; i++) {
            acc += weights[i];
            if (u < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static byte[][] tokens(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = Ascii.bytes(words[i]);
        }
        return out;
    }
}
