package io.shoplens.core.data;

import java.util.Arrays;

/**
 * Item attributes by dense item index: category, price, title and image path. Items that appear only in events
 * have no attributes ({@code -1}, {@code NaN}, {@code null}). Immutable and thread-safe.
 */
public final class ItemCatalog {
    private final int[] category;
    private final float[] price;
    private final String[] title;
    private final String[] image;
    private final int listed;

    ItemCatalog(int[] category, float[] price, String[] title, String[] image, int listed) {
        this.category = category;
        this.price = price;
        this.title = title;
        this.image = image;
        this.listed = listed;
    }

    /** A catalogue without attributes for {@code numItems} items. */
    public static ItemCatalog empty(int numItems) {
        int[] c = new int[numItems];
        Arrays.fill(c, -1);
        float[] p = new float[numItems];
        Arrays.fill(p, Float.NaN);
        return new ItemCatalog(c, p, new String[numItems], new String[numItems], 0);
    }

    /** Number of items in the id space. */
    public int size() {
        return category.length;
    }

    /** Number of items listed in the catalogue file. */
    public int listed() {
        return listed;
    }

    /** Category index of item {@code i}, or -1. */
    public int category(int i) {
        return category[i];
    }

    /** Price of item {@code i} in the shop's currency (at least 0), or NaN when unknown. */
    public float price(int i) {
        return price[i];
    }

    /** Title of item {@code i}, or null. */
    public String title(int i) {
        return title[i];
    }

    /** Image path of item {@code i} (relative to the catalogue file), or null. */
    public String image(int i) {
        return image[i];
    }

    /** Collects catalogue rows, then sizes the catalogue to the final item id space. Not thread-safe. */
    public static final class Builder {
        private ItemCatalog rows = empty(1024);
        private int maxIndex = -1;
        private int listed;

        /** Sets the attributes of item index {@code i}; price NaN and null texts mean unknown. */
        public void set(int i, int categoryIndex, float itemPrice, String itemTitle, String imagePath) {
            if (i >= rows.size()) {
                rows = grown(rows, Math.max(i + 1, rows.size() * 2));
            }
            rows.category[i] = categoryIndex;
            rows.price[i] = itemPrice;
            rows.title[i] = itemTitle;
            rows.image[i] = imagePath;
            maxIndex = Math.max(maxIndex, i);
            listed++;
        }

        /** The catalogue over {@code numItems} items (at least every index set). */
        public ItemCatalog build(int numItems) {
            if (numItems <= maxIndex) {
                throw new IllegalArgumentException("catalogue has item index " + maxIndex + " but only "
                        + numItems + " items exist");
            }
            ItemCatalog sized = grown(rows, numItems);
            return new ItemCatalog(sized.category, sized.price, sized.title, sized.image, listed);
        }

        private static ItemCatalog grown(ItemCatalog from, int n) {
            ItemCatalog to = empty(n);
            int m = Math.min(n, from.size());
            System.arraycopy(from.category, 0, to.category, 0, m);
            System.arraycopy(from.price, 0, to.price, 0, m);
            System.arraycopy(from.title, 0, to.title, 0, m);
            System.arraycopy(from.image, 0, to.image, 0, m);
            return to;
        }
    }
}
