package io.shoplens.recommend.content;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an item title into lower-case terms for TF-IDF (Salton &amp; Buckley 1988). A term is a maximal run of
 * Unicode letters and digits ({@link Character#isLetterOrDigit(int)}); everything else separates terms, so
 * {@code "Free-Shipping 2017"} gives {@code free}, {@code shipping}, {@code 2017}. Scripts written without spaces
 * (Han, Hiragana, Katakana) form their own runs, cut per {@link ContentParams.Cjk}: {@code "iPhone手机壳"} gives
 * {@code iphone}, {@code 手机}, {@code 机壳} with bigrams, or {@code iphone}, {@code 手}, {@code 机}, {@code 壳} per
 * character. Hangul is written with spaces and is treated like Latin. Stateless and thread-safe.
 */
public final class TitleTokenizer {
    private final ContentParams.Cjk cjk;

    /** A tokenizer cutting CJK runs as {@code cjk} says. */
    public TitleTokenizer(ContentParams.Cjk cjk) {
        if (cjk == null) {
            throw new IllegalArgumentException("cjk must be given");
        }
        this.cjk = cjk;
    }

    /** The terms of {@code title} in order of appearance, repeats kept; empty for null or blank titles. */
    public List<String> tokens(String title) {
        List<String> out = new ArrayList<>();
        if (title == null) {
            return out;
        }
        int n = title.length();
        int i = 0;
        while (i < n) {
            int cp = title.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            boolean ideographic = isIdeographic(cp);
            int start = i;
            int end = i;
            while (end < n) {
                int c = title.codePointAt(end);
                if (!Character.isLetterOrDigit(c) || isIdeographic(c) != ideographic) {
                    break;
                }
                end += Character.charCount(c);
            }
            String run = title.substring(start, end);
            if (ideographic) {
                cutIdeographic(run, out);
            } else {
                out.add(lowerCase(run));
            }
            i = end;
        }
        return out;
    }

    private void cutIdeographic(String run, List<String> out) {
        int[] cps = run.codePoints().toArray();
        if (cjk == ContentParams.Cjk.CHAR || cps.length == 1) {
            for (int cp : cps) {
                out.add(new String(Character.toChars(cp)));
            }
            return;
        }
        for (int k = 0; k + 1 < cps.length; k++) {
            out.add(new String(cps, k, 2));
        }
    }

    private static boolean isIdeographic(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA;
    }

    /**
     * Lower-cases code point by code point, so a letter stays one letter (String.toLowerCase turns the Turkish
     * dotted capital I into "i" plus a combining dot, which is not a letter).
     */
    private static String lowerCase(String run) {
        StringBuilder b = new StringBuilder(run.length());
        run.codePoints().map(Character::toLowerCase).forEach(b::appendCodePoint);
        return b.toString();
    }
}
