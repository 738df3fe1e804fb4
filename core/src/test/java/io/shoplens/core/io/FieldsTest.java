package io.shoplens.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldsTest {
    private static List<String> split(Fields f, String line) throws BadRowException {
        byte[] b = ("##" + line + "##").getBytes(StandardCharsets.UTF_8);
        int n = f.split(b, 2, b.length - 2);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.string(i));
        }
        return out;
    }

    @Test
    void quotedCsvFieldsKeepCommasAndUndoDoubledQuotes() throws BadRowException {
        Fields f = Fields.delimited(',', true);
        assertEquals(List.of("536365", "METAL LANTERN, WHITE", "say \"hi\"", "", "x"),
                split(f, "536365,\"METAL LANTERN, WHITE\",\"say \"\"hi\"\"\",,x"));
        assertEquals(List.of("a", "", ""), split(f, "a,\"\","));
        assertEquals(List.of("", ""), split(f, ","));
        assertEquals(List.of(""), split(f, ""));
        assertEquals(List.of("\"\""), split(f, "\"\"\"\"\"\""));
    }

    @Test
    void badQuotingIsABadRow() {
        Fields f = Fields.delimited(',', true);
        BadRowException open = assertThrows(BadRowException.class, () -> split(f, "a,\"b,c"));
        assertEquals("unterminated quoted field in column 2", open.getMessage());
        BadRowException after = assertThrows(BadRowException.class, () -> split(f, "\"a\"b,c"));
        assertTrue(after.getMessage().startsWith("unexpected character after closing quote"), after.getMessage());
    }

    @Test
    void unquotedModeTakesQuotesLiterally() throws BadRowException {
        assertEquals(List.of("\"a", "b\""), split(Fields.delimited(',', false), "\"a,b\""));
    }

    @Test
    void multiByteAndWhitespaceDelimiters() throws BadRowException {
        assertEquals(List.of("1", "1193", "5", "978300760"), split(Fields.delimited("::"), "1::1193::5::978300760"));
        assertEquals(List.of("1", ":2", ""), split(Fields.delimited("::"), "1:::2::"));
        assertEquals(List.of("1", "2"), split(Fields.whitespace(), " \t1 \t  2\t"));
        assertEquals(List.of(), split(Fields.whitespace(), "  "));
    }

    @Test
    void splitExactlyCountsColumns() {
        Fields f = Fields.delimited('\t', false);
        byte[] b = "a\tb".getBytes(StandardCharsets.UTF_8);
        BadRowException e = assertThrows(BadRowException.class, () -> f.splitExactly(b, 0, b.length, 3));
        assertEquals("expected 3 columns, found 2", e.getMessage());
    }

    @Test
    void numbersParseWithReasonsNamingColumnAndText() throws BadRowException {
        Fields f = Fields.delimited(',', false, "user", "item");
        split(f, " 42 ,+7,-3,007,123456789012345678,1234567890123456789,1e3, ,x1,NaN");
        assertEquals(42, f.parseLong(0));
        assertEquals(7, f.parseLong(1));
        assertEquals(-3, f.parseLong(2));
        assertEquals(7, f.parseLong(3));
        assertEquals(123456789012345678L, f.parseLong(4));
        assertEquals("column 6 '1234567890123456789' is not an integer",
                assertThrows(BadRowException.class, () -> f.parseLong(5)).getMessage());
        assertEquals(1000.0, f.parseDouble(6));
        assertEquals("column 8 is empty", assertThrows(BadRowException.class, () -> f.parseLong(7)).getMessage());
        assertTrue(f.isEmpty(7));
        assertFalse(f.isEmpty(8));
        assertEquals("column 9 'x1' is not a number",
                assertThrows(BadRowException.class, () -> f.parseDouble(8)).getMessage());
        assertEquals("column 10 'NaN' is not a finite number",
                assertThrows(BadRowException.class, () -> f.parseDouble(9)).getMessage());
        assertEquals("item -3 is negative", assertThrows(BadRowException.class, () -> {
            split(f, "1,-3");
            f.parseId(1);
        }).getMessage());
    }

    @Test
    void headerNamesReplaceDeclaredNames() throws BadRowException {
        Fields f = Fields.delimited(',', false, "a", "b");
        f.names("Quantity", "");
        split(f, "x,y");
        assertEquals("Quantity 'x' is not an integer",
                assertThrows(BadRowException.class, () -> f.parseLong(0)).getMessage());
        assertEquals("column 2 'y' is not an integer",
                assertThrows(BadRowException.class, () -> f.parseLong(1)).getMessage());
    }

    @Test
    void longTextIsShortenedInMessages() throws BadRowException {
        Fields f = Fields.delimited(',', false);
        split(f, "y".repeat(100));
        assertEquals("y".repeat(40) + "...", f.text(0));
    }
}
