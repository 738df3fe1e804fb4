package io.shoplens.core.data;

import java.util.Locale;
import java.util.Map;

/**
 * The four behaviour types of the canonical event schema, in funnel order (Taobao UserBehavior layout).
 *
 * <p>Source formats name them differently; {@link #parse(CharSequence)} maps the common aliases:
 * {@code view}/{@code click}/{@code pv} to {@link #PV}, {@code addtocart}/{@code add_to_cart}/{@code cart} to
 * {@link #CART}, {@code fav}/{@code favorite}/{@code wishlist}/{@code like} to {@link #FAV} and
 * {@code buy}/{@code purchase}/{@code transaction}/{@code order} to {@link #BUY}. Matching ignores case.
 */
public enum Behavior {
    /** A page view of an item. */
    PV("pv"),
    /** The item was added to the cart. */
    CART("cart"),
    /** The item was added to the favourites (wish list). */
    FAV("fav"),
    /** The item was bought. */
    BUY("buy");

    private static final Behavior[] VALUES = values();
    private static final Map<String, Behavior> ALIASES = Map.ofEntries(
            Map.entry("pv", PV), Map.entry("view", PV), Map.entry("click", PV), Map.entry("page_view", PV),
            Map.entry("cart", CART), Map.entry("addtocart", CART), Map.entry("add_to_cart", CART),
            Map.entry("fav", FAV), Map.entry("favorite", FAV), Map.entry("favourite", FAV),
            Map.entry("wishlist", FAV), Map.entry("like", FAV),
            Map.entry("buy", BUY), Map.entry("purchase", BUY), Map.entry("transaction", BUY),
            Map.entry("order", BUY));

    private final String label;

    Behavior(String label) {
        this.label = label;
    }

    /** The canonical lower-case label written by Shoplens ({@code pv}, {@code cart}, {@code fav}, {@code buy}). */
    public String label() {
        return label;
    }

    /** Compact code stored in columns: 0 = pv, 1 = cart, 2 = fav, 3 = buy. */
    public byte code() {
        return (byte) ordinal();
    }

    /** Inverse of {@link #code()}; fails with a message naming the code when it is not 0..3. */
    public static Behavior ofCode(int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("behaviour code " + code + " is not in 0..3");
        }
        return VALUES[code];
    }

    /**
     * The behaviour named by {@code text} or one of its aliases, or {@code null} when the text names none;
     * callers decide whether that is an error (readers quarantine the row).
     */
    public static Behavior parse(CharSequence text) {
        int n = text.length();
        if (n == 2 && lower(text.charAt(0)) == 'p' && lower(text.charAt(1)) == 'v') {
            return PV;
        }
        if (n == 3) {
            char a = lower(text.charAt(0));
            char b = lower(text.charAt(1));
            char c = lower(text.charAt(2));
            if (a == 'b' && b == 'u' && c == 'y') {
                return BUY;
            }
            if (a == 'f' && b == 'a' && c == 'v') {
                return FAV;
            }
        }
        return ALIASES.get(text.toString().toLowerCase(Locale.ROOT));
    }

    private static char lower(char c) {
        return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
    }
}
