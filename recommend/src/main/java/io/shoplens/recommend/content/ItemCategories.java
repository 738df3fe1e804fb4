package io.shoplens.recommend.content;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.ItemCatalog;

/**
 * The category of every item: the catalogue's when it has one, otherwise the category most of the item's events
 * in the store carry (ties to the lower category index), otherwise -1. Both sources share the data set's
 * category id space.
 */
public final class ItemCategories {
    private ItemCategories() {
    }

    /** Category index per item, length {@code events.numItems()}, -1 where unknown. */
    public static int[] of(InteractionStore events, ItemCatalog catalog) {
        int n = events.numItems();
        if (catalog.size() < n) {
            throw new IllegalArgumentException("catalogue covers " + catalog.size() + " items but the events have "
                    + n);
        }
        int[] out = new int[n];
        int[] votes = new int[Math.max(1, events.numCategories())];
        int[] touched = new int[votes.length];
        for (int i = 0; i < n; i++) {
            int c = catalog.category(i);
            if (c >= 0) {
                out[i] = c;
                continue;
            }
            int distinct = 0;
            for (int slot = events.itemStart(i); slot < events.itemEnd(i); slot++) {
                int ec = events.categoryAt(events.positionAtSlot(slot));
                if (ec >= 0) {
                    if (votes[ec]++ == 0) {
                        touched[distinct++] = ec;
                    }
                }
            }
            int best = -1;
            for (int k = 0; k < distinct; k++) {
                int ec = touched[k];
                if (best < 0 || votes[ec] > votes[best] || (votes[ec] == votes[best] && ec < best)) {
                    best = ec;
                }
            }
            for (int k = 0; k < distinct; k++) {
                votes[touched[k]] = 0;
            }
            out[i] = best;
        }
        return out;
    }

    /** The external id of every category index, for explanations. */
    public static String[] labels(InteractionStore events) {
        String[] out = new String[events.numCategories()];
        for (int c = 0; c < out.length; c++) {
            out[c] = events.categories().externalId(c);
        }
        return out;
    }
}
