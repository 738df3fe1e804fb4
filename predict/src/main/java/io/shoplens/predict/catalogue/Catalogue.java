package io.shoplens.predict.catalogue;

import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.io.BadRowException;
import io.shoplens.core.io.ItemsCsvReader;
import io.shoplens.core.io.LoadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Items with a category, a price and a title: the input of category classification and price regression.
 *
 * @param items the items, at least one
 */
public record Catalogue(List<Item> items) {
    public Catalogue {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("the catalogue has no items with category, price and title");
        }
    }

    /**
     * One item.
     *
     * @param id       external item id
     * @param category external category id
     * @param price    price in the shop's currency, greater than 0 and finite
     * @param title    title text, not blank
     */
    public record Item(String id, String category, double price, String title) {
        public Item {
            if (category == null || category.isBlank()) {
                throw new IllegalArgumentException("item " + id + " has no category");
            }
            if (!(price > 0) || !Double.isFinite(price)) {
                throw new IllegalArgumentException("item " + id + " has price " + price + "; it must be > 0 and finite");
            }
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("item " + id + " has no title");
            }
        }
    }

    /**
     * The items of a loaded catalogue that have a category, a positive price and a title; the others are counted
     * in {@code skipped}.
     */
    public static Catalogue of(ItemCatalog catalog, IdMap items, IdMap categories, int[] skipped) {
        List<Item> out = new ArrayList<>();
        int skip = 0;
        for (int i = 0; i < catalog.size(); i++) {
            int c = catalog.category(i);
            float p = catalog.price(i);
            String t = catalog.title(i);
            if (c < 0 || !(p > 0) || t == null || t.isBlank()) {
                skip++;
                continue;
            }
            out.add(new Item(items.externalId(i), categories.externalId(c), p, t));
        }
        if (skipped != null && skipped.length > 0) {
            skipped[0] = skip;
        }
        return new Catalogue(out);
    }

    /**
     * Reads a catalogue CSV ({@code item,category,price,title,image}; see {@link ItemsCsvReader}): malformed rows
     * and repeated items are quarantined as usual, items without a category, a positive price or a title are
     * counted in {@code skipped[0]} and left out.
     */
    public static Catalogue read(Path file, LoadOptions options, int[] skipped) {
        List<Item> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int[] skip = new int[1];
        new ItemsCsvReader().read(file, (item, category, price, title, image) -> {
            if (!seen.add(item)) {
                throw new BadRowException("item '" + item + "' is listed twice");
            }
            if (category == null || !(price > 0) || title == null || title.isBlank()) {
                skip[0]++;
            } else {
                out.add(new Item(item, category, price, title));
            }
        }, options);
        if (skipped != null && skipped.length > 0) {
            skipped[0] = skip[0];
        }
        return new Catalogue(out);
    }

    /** Number of items. */
    public int size() {
        return items.size();
    }
}
