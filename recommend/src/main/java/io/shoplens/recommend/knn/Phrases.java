package io.shoplens.recommend.knn;

import io.shoplens.core.data.UserHistory;
import io.shoplens.recommend.common.Weighting;
import java.util.List;
import java.util.Locale;

/** Words for explanations: what a user did with an item, and similarities as text. */
final class Phrases {
    private static final String[] DONE = {"viewed", "added to cart", "favourited", "bought"};

    private Phrases() {
    }

    /**
     * The behaviour code (0 pv .. 3 buy) of the strongest event on {@code item} in {@code h}: largest behaviour
     * weight, then furthest down the funnel; -1 when the item is not in the history.
     */
    static int strongestBehavior(UserHistory h, int item, Weighting w) {
        int best = -1;
        for (int e = 0; e < h.length(); e++) {
            if (h.items()[e] != item) {
                continue;
            }
            int b = h.behaviors()[e];
            if (best < 0 || w.behaviorWeight(b) > w.behaviorWeight(best)
                    || (w.behaviorWeight(b) == w.behaviorWeight(best) && b > best)) {
                best = b;
            }
        }
        return best;
    }

    /** "viewed", "added to cart", "favourited" or "bought" (or "interacted with" for an unknown code). */
    static String done(int behavior) {
        return behavior >= 0 && behavior < DONE.length ? DONE[behavior] : "interacted with";
    }

    /** "bought item 42", "added item 42 to your cart", ...; {@code whose} is "your" or "their". */
    static String doneWith(int behavior, String itemName, String whose) {
        return switch (behavior) {
            case 0 -> "viewed " + itemName;
            case 1 -> "added " + itemName + " to " + whose + " cart";
            case 2 -> "favourited " + itemName;
            case 3 -> "bought " + itemName;
            default -> "interacted with " + itemName;
        };
    }

    /** A similarity with two decimals, e.g. "0.42". */
    static String number(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    /** "a", "a and b", "a, b and 3 more" from the first two parts and the total count. */
    static String join(List<String> firstParts, int total) {
        if (firstParts.isEmpty()) {
            return "";
        }
        if (firstParts.size() == 1) {
            return firstParts.get(0) + (total > 1 ? " and " + (total - 1) + " more" : "");
        }
        String s = firstParts.get(0) + (total > 2 ? ", " : " and ") + firstParts.get(1);
        return total > 2 ? s + " and " + (total - 2) + " more" : s;
    }
}
