package io.shoplens.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.DataException;
import org.junit.jupiter.api.Test;

class TagRulesTest {
    @Test
    void defaultsLoadAndKeepFileOrder() {
        TagRules t = TagRules.defaults();
        assertTrue(t.rules().size() >= 4);
        assertEquals("high-value", t.rules().get(0).name());
        assertTrue(t.rules().stream().anyMatch(r -> r.name().equals("night-owl")));
    }

    @Test
    void unknownColumnIsNamedWithFileAndLine() {
        DataException e = assertThrows(DataException.class,
                () -> TagRules.parse("# c\nok = buy > 0\nbad = night_shar >= 0.4", "my.properties"));
        assertTrue(e.getMessage().contains("'night_shar'"), e.getMessage());
        assertTrue(e.getMessage().contains("my.properties line 3"), e.getMessage());
    }

    @Test
    void malformedRulesFail() {
        assertThrows(DataException.class, () -> TagRules.parse("x = buy > 0; DROP TABLE events", "t"));
        assertThrows(DataException.class, () -> TagRules.parse("x = (buy > 0", "t"));
        assertThrows(DataException.class, () -> TagRules.parse("x = buy > 0)", "t"));
        assertThrows(DataException.class, () -> TagRules.parse("x = buy > 0\nx = pv > 1", "t"));
        assertThrows(DataException.class, () -> TagRules.parse("Big Spender = buy > 0", "t"));
        assertThrows(DataException.class, () -> TagRules.parse("x =", "t"));
        assertThrows(DataException.class, () -> TagRules.parse("no equals sign", "t"));
        assertThrows(DataException.class, () -> TagRules.parse("x = tags = ''", "t"));
    }

    @Test
    void wordsStringsAndNumbersAreAccepted() {
        TagRules t = TagRules.parse("x = lifecycle IN ('new', 'active') AND NOT (price_band IS NULL) "
                + "OR buy_share BETWEEN 0.1 AND 0.5", "t");
        assertEquals(1, t.rules().size());
        assertTrue(t.sqlColumn().startsWith("concat_ws(','"));
        assertEquals("''", TagRules.parse("# only comments", "t").sqlColumn());
    }
}
