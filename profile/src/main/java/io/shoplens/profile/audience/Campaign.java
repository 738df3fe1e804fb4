package io.shoplens.profile.audience;

import io.shoplens.core.data.InteractionStore;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a campaign advertises: one category, or a set of items. A user converts by buying an advertised item (an
 * item of the category, or one of the items).
 *
 * @param category the category id as in the log, or null for an item campaign
 * @param items    the item ids as in the log (non-empty), or null for a category campaign
 */
public record Campaign(String category, List<String> items) {
    public Campaign {
        if ((category == null) == (items == null)) {
            throw new IllegalArgumentException("a campaign names either a category or items, not "
                    + (category == null ? "neither" : "both"));
        }
        if (category != null && category.isBlank()) {
            throw new IllegalArgumentException("the campaign category is empty");
        }
        if (items != null) {
            if (items.isEmpty() || items.stream().anyMatch(i -> i == null || i.isBlank())) {
                throw new IllegalArgumentException("the campaign items must be non-empty ids, got " + items);
            }
            items = List.copyOf(items);
        }
    }

    /** A campaign for category {@code id}. */
    public static Campaign ofCategory(String id) {
        return new Campaign(id, null);
    }

    /** A campaign for the items {@code ids}. */
    public static Campaign ofItems(List<String> ids) {
        return new Campaign(null, ids);
    }

    /** "category 123" or "items [1, 2, 3]" (the first five and how many more). */
    public String describe() {
        if (category != null) {
            return "category " + category;
        }
        String head = items.stream().limit(5).collect(Collectors.joining(", "));
        return "items [" + head + (items.size() > 5 ? ", ... " + (items.size() - 5) + " more" : "") + "]";
    }

    /** An SQL condition over an event's {@code category_id} and {@code item_id}: the event is about the campaign. */
    public String sqlCondition() {
        if (category != null) {
            return "CAST(category_id AS VARCHAR) = " + literal(category);
        }
        return "CAST(item_id AS VARCHAR) IN (" + items.stream().map(Campaign::literal)
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Which store positions are about the campaign; fails naming an id that does not occur in the log. */
    public Matcher matcher(InteractionStore store) {
        if (category != null) {
            int c = store.categories().indexOf(category);
            if (c < 0) {
                throw new IllegalArgumentException("category '" + category + "' does not occur in the log");
            }
            return new Matcher(store, c, null);
        }
        IntOpenHashSet set = new IntOpenHashSet();
        for (String id : items) {
            int i = store.items().indexOf(id);
            if (i < 0) {
                throw new IllegalArgumentException("item '" + id + "' does not occur in the log");
            }
            set.add(i);
        }
        return new Matcher(store, -1, set);
    }

    /** Tests store positions against the campaign. */
    public static final class Matcher {
        private final InteractionStore store;
        private final int category;
        private final IntOpenHashSet items;

        private Matcher(InteractionStore store, int category, IntOpenHashSet items) {
            this.store = store;
            this.category = category;
            this.items = items;
        }

        /** The category index for a category campaign, else -1. */
        public int category() {
            return category;
        }

        /** Whether the event at position {@code p} is about an advertised item. */
        public boolean matches(int p) {
            return items == null ? store.categoryAt(p) == category : items.contains(store.itemAt(p));
        }
    }
}
