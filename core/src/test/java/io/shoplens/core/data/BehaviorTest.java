package io.shoplens.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BehaviorTest {
    @Test
    void aliasesOfEveryBehaviourIgnoringCase() {
        Map<String, Behavior> cases = Map.ofEntries(
                Map.entry("pv", Behavior.PV), Map.entry("PV", Behavior.PV), Map.entry("view", Behavior.PV),
                Map.entry("View", Behavior.PV), Map.entry("click", Behavior.PV), Map.entry("page_view", Behavior.PV),
                Map.entry("cart", Behavior.CART), Map.entry("addtocart", Behavior.CART),
                Map.entry("AddToCart", Behavior.CART), Map.entry("add_to_cart", Behavior.CART),
                Map.entry("fav", Behavior.FAV), Map.entry("Fav", Behavior.FAV), Map.entry("favorite", Behavior.FAV),
                Map.entry("favourite", Behavior.FAV), Map.entry("wishlist", Behavior.FAV),
                Map.entry("like", Behavior.FAV),
                Map.entry("buy", Behavior.BUY), Map.entry("BUY", Behavior.BUY), Map.entry("purchase", Behavior.BUY),
                Map.entry("transaction", Behavior.BUY), Map.entry("TRANSACTION", Behavior.BUY),
                Map.entry("order", Behavior.BUY));
        cases.forEach((text, expected) -> assertEquals(expected, Behavior.parse(text), text));
        assertEquals(Behavior.CART, Behavior.parse(new StringBuilder("aDdToCaRt")));
    }

    @Test
    void unknownTextGivesNull() {
        for (String text : new String[] {"", "p", "pvv", "bu", "views", "remove", " pv", "pv ", "add to cart"}) {
            assertNull(Behavior.parse(text), text);
        }
    }

    @Test
    void codesAndLabelsRoundTrip() {
        for (Behavior b : Behavior.values()) {
            assertEquals(b, Behavior.ofCode(b.code()));
            assertEquals(b, Behavior.parse(b.label()));
        }
        assertEquals(0, Behavior.PV.code());
        assertEquals(3, Behavior.BUY.code());
        assertEquals("behaviour code 4 is not in 0..3",
                assertThrows(IllegalArgumentException.class, () -> Behavior.ofCode(4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Behavior.ofCode(-1));
    }
}
