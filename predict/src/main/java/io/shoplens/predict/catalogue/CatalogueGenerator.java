package io.shoplens.predict.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates an item catalogue whose titles and prices carry the kind of signal real listings do, so category
 * classification and price regression have something to learn beyond the category.
 *
 * <p>Categories sit in departments of five. A title is a brand token, often a material token, three to five
 * words and a pack token ({@code x1}, {@code x2}, {@code x3}, {@code x6}). Each word comes from the category's
 * own twelve-word vocabulary with probability 0.5, from its department's shared vocabulary with probability 0.35
 * (so sibling categories are easily confused) and from a generic list otherwise.
 *
 * <p>Price = category base (log-normal around 60, sigma 0.8) × brand tier (budget 0.6, standard 1, premium 1.8;
 * each of 60 brands has one) × material factor (0.7 to 2.0, or 1 without a material token) × pack^0.8 ×
 * log-normal noise (sigma 0.25), rounded to cents. A per-category median therefore leaves the brand, material and
 * pack effects unexplained; a model reading the title can recover them.
 *
 * <p>Deterministic for a given seed. The planted factors are documented here, and nothing in the models knows them.
 */
public final class CatalogueGenerator {
    private static final String[] SYLLABLES = {"an", "bai", "bao", "chen", "da", "dong", "fang", "fei", "gu", "hai",
        "hua", "jia", "jin", "kang", "lan", "li", "long", "mei", "ming", "nuo", "qing", "rui", "shi", "tian", "wei",
        "xin", "yang", "yun", "zhen", "zhi"};
    private static final String[] GENERIC = {"new", "hot", "sale", "classic", "original", "gift", "official",
        "limited", "free-shipping", "2024"};
    private static final String[] MATERIALS = {"plastic", "cotton", "wool", "steel", "leather", "silk"};
    private static final double[] MATERIAL_FACTOR = {0.7, 1.0, 1.4, 1.2, 1.6, 2.0};
    private static final double[] TIER_FACTOR = {0.6, 1.0, 1.8};
    private static final int[] PACKS = {1, 2, 3, 6};
    private static final int BRANDS = 60;
    private static final int WORDS = 12;
    private static final int PER_DEPARTMENT = 5;

    private CatalogueGenerator() {
    }

    /** {@code items} items over {@code categories} categories (2..10,000), seeded. */
    public static Catalogue generate(int items, int categories, long seed) {
        if (items < 1 || items > 10_000_000) {
            throw new IllegalArgumentException("items must be in 1..10000000, got " + items);
        }
        if (categories < 2 || categories > 10_000) {
            throw new IllegalArgumentException("categories must be in 2..10000, got " + categories);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int departments = (categories + PER_DEPARTMENT - 1) / PER_DEPARTMENT;
        String[][] own = new String[categories][WORDS];
        String[][] shared = new String[departments][WORDS];
        for (String[] v : own) {
            fill(v, r);
        }
        for (String[] v : shared) {
            fill(v, r);
        }
        double[] base = new double[categories];
        for (int c = 0; c < categories; c++) {
            base[c] = Math.log(60) + 0.8 * gaussian(r);
        }
        int[] tier = new int[BRANDS];
        for (int b = 0; b < BRANDS; b++) {
            tier[b] = r.nextInt(3);
        }
        List<Catalogue.Item> out = new ArrayList<>(items);
        StringBuilder title = new StringBuilder();
        for (int i = 0; i < items; i++) {
            int c = (int) Math.min(categories - 1, Math.floor(categories * Math.pow(r.nextDouble(), 1.3)));
            int dept = c / PER_DEPARTMENT;
            int brand = r.nextInt(BRANDS);
            int material = r.nextDouble() < 0.7 ? r.nextInt(MATERIALS.length) : -1;
            int pack = PACKS[r.nextDouble() < 0.6 ? 0 : 1 + r.nextInt(PACKS.length - 1)];
            title.setLength(0);
            title.append("brand").append(brand);
            if (material >= 0) {
                title.append(' ').append(MATERIALS[material]);
            }
            int words = 3 + r.nextInt(3);
            for (int w = 0; w < words; w++) {
                double u = r.nextDouble();
                String word = u < 0.5 ? own[c][zipf(r)] : u < 0.85 ? shared[dept][zipf(r)]
                        : GENERIC[r.nextInt(GENERIC.length)];
                title.append(' ').append(word);
            }
            title.append(" x").append(pack);
            double logPrice = base[c] + Math.log(TIER_FACTOR[tier[brand]])
                    + (material >= 0 ? Math.log(MATERIAL_FACTOR[material]) : 0) + 0.8 * Math.log(pack)
                    + 0.25 * gaussian(r);
            double price = Math.max(0.5, Math.round(Math.exp(logPrice) * 100) / 100.0);
            out.add(new Catalogue.Item(Integer.toString(100_000 + i), "cat" + c, price, title.toString()));
        }
        return new Catalogue(out);
    }

    /** A CSV in the catalogue layout Shoplens reads ({@code item,category,price,title,image}). */
    public static String toCsv(Catalogue c) {
        StringBuilder sb = new StringBuilder("item,category,price,title,image\n");
        for (Catalogue.Item it : c.items()) {
            sb.append(it.id()).append(',').append(it.category()).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", it.price())).append(',').append(it.title()).append(",\n");
        }
        return sb.toString();
    }

    private static int zipf(SplittableRandom r) {
        double u = r.nextDouble();
        return (int) (u * u * WORDS);
    }

    private static void fill(String[] v, SplittableRandom r) {
        for (int j = 0; j < v.length; j++) {
            int n = 2 + r.nextInt(2);
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < n; s++) {
                sb.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
            }
            v[j] = sb.toString();
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
