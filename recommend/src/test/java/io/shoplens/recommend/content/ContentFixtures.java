package io.shoplens.recommend.content;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.model.TrainingData;

/**
 * A hand-made shop: six catalogue items in two categories, two of them cold (no events), plus item 106 that is
 * missing from the catalogue and gets its category from its events.
 *
 * <pre>
 * index id  category price title                  events
 * 0     100 shirts    10   Red Cotton Shirt       user 1
 * 1     101 shirts    12   Blue Cotton Shirt      user 1, user 3
 * 2     102 knives   100   Steel Kitchen Knife    user 2
 * 3     103 knives   120   Steel Chef Knife       user 2
 * 4     104 shirts    11   Green Cotton Shirt     none (cold)
 * 5     105 knives   110   Steel Kitchen Knife Set none (cold)
 * 6     106 (shirts from its events)              user 3
 * </pre>
 *
 * With two price bands the cut is 100 (band 0: below 100, band 1: 100 and up); with minDocFreq 2 the kept terms
 * are, in order of first appearance, cotton, shirt, steel, kitchen, knife: df 3 (idf ln 2) except kitchen (df 2,
 * idf ln 3), out of N = 6 titles.
 */
final class ContentFixtures {
    static final double LN2 = Math.log(2);
    static final double LN3 = Math.log(3);

    private ContentFixtures() {
    }

    static TrainingData shop() {
        IdMap users = new IdMap("user");
        IdMap items = new IdMap("item");
        IdMap categories = new IdMap("category");
        ItemCatalog.Builder catalog = new ItemCatalog.Builder();
        int shirts = categories.intern("shirts");
        int knives = categories.intern("knives");
        catalog.set(items.intern(100), shirts, 10f, "Red Cotton Shirt", null);
        catalog.set(items.intern(101), shirts, 12f, "Blue Cotton Shirt", null);
        catalog.set(items.intern(102), knives, 100f, "Steel Kitchen Knife", null);
        catalog.set(items.intern(103), knives, 120f, "Steel Chef Knife", null);
        catalog.set(items.intern(104), shirts, 11f, "Green Cotton Shirt", null);
        catalog.set(items.intern(105), knives, 110f, "Steel Kitchen Knife Set", null);
        InteractionStoreBuilder b = new InteractionStoreBuilder(users, items, categories);
        long t = 1_500_000_000L;
        b.event("1", "100", "shirts", Behavior.PV, t);
        b.event("1", "101", "shirts", Behavior.BUY, t + 60);
        b.event("2", "102", "knives", Behavior.PV, t);
        b.event("2", "103", "knives", Behavior.PV, t + 60);
        b.event("3", "101", "shirts", Behavior.PV, t);
        b.event("3", "106", "shirts", Behavior.PV, t + 60);
        b.event("3", "106", "shirts", Behavior.CART, t + 120);
        InteractionStore store = b.build();
        return new TrainingData(store, catalog.build(store.numItems()), "fixture");
    }
}
