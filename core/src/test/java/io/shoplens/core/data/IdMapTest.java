package io.shoplens.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdMapTest {
    @Test
    void denseIndexesInFirstSeenOrder() {
        IdMap m = new IdMap("item");
        assertEquals(0, m.intern(500L));
        assertEquals(1, m.intern("sku-1"));
        assertEquals(2, m.intern(7L));
        assertEquals(0, m.intern(500L));
        assertEquals(1, m.intern("sku-1"));
        assertEquals(3, m.intern("sku-2"));
        assertEquals(4, m.size());
        assertEquals("item", m.name());
    }

    @Test
    void canonicalNumericTextIsTheSameIdAsTheNumber() {
        IdMap m = new IdMap("user");
        int i = m.intern(123L);
        assertEquals(i, m.intern("123"));
        assertEquals(i, m.indexOf("123"));
        assertEquals(i, m.indexOf(123L));
        int zero = m.intern("0");
        assertEquals(zero, m.indexOf(0L));
        int padded = m.intern("0123");
        assertNotEquals(i, padded, "'0123' is not the canonical form of 123");
        assertEquals(-1, m.indexOf("00"));
        int signed = m.intern("+123");
        assertNotEquals(i, signed);
        int fromText = m.intern("98765");
        assertEquals(fromText, m.intern(98765L), "text first, number second");
        assertEquals(5, m.size());
    }

    @Test
    void externalIdRoundTrips() {
        IdMap m = new IdMap("item");
        String[] ids = {"42", "0123", "sku-9", "0", "123456789012345678", "1234567890123456789", "Ärger", ""};
        for (String id : ids) {
            m.intern(id);
        }
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i], m.externalId(i));
            assertEquals(i, m.indexOf(m.externalId(i)));
        }
        long big = Long.MAX_VALUE;
        int b = m.intern(big);
        assertEquals(Long.toString(big), m.externalId(b));
        assertEquals(b, m.indexOf(big));
    }

    @Test
    void nineteenDigitIdsAreNumbersUpToLongMax() {
        IdMap m = new IdMap("user");
        int snowflake = m.intern(1234567890123456789L);
        assertEquals(snowflake, m.intern("1234567890123456789"));
        int max = m.intern("9223372036854775807");
        assertEquals(max, m.indexOf(Long.MAX_VALUE));
        int tooBig = m.intern("9223372036854775808");
        assertEquals("9223372036854775808", m.externalId(tooBig));
        assertEquals(3, m.size());
        assertEquals(Long.MAX_VALUE, IdMap.canonicalLong("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, IdMap.canonicalLong("9999999999999999999"));
        assertEquals(Long.MIN_VALUE, IdMap.canonicalLong("12345678901234567890"));
        assertEquals(0L, IdMap.canonicalLong("0"));
        assertEquals(Long.MIN_VALUE, IdMap.canonicalLong("-1"));
    }

    @Test
    void unknownIdsAndIndexes() {
        IdMap m = new IdMap("user");
        m.intern(1L);
        assertEquals(-1, m.indexOf(2L));
        assertEquals(-1, m.indexOf("x"));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.externalId(1));
        assertEquals("user index 1 is not in 0..0", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> m.externalId(-1));
    }

    @Test
    void growsPastItsInitialCapacity() {
        IdMap m = new IdMap("item");
        for (int i = 0; i < 5000; i++) {
            assertEquals(i, i % 2 == 0 ? m.intern((long) i * 3) : m.intern("t" + i));
        }
        for (int i = 0; i < 5000; i++) {
            assertEquals(i % 2 == 0 ? Long.toString((long) i * 3) : "t" + i, m.externalId(i));
        }
    }

    @Test
    void frozenMapReadsButRejectsNewIds() {
        IdMap m = new IdMap("item");
        m.intern(5L);
        m.intern("a");
        assertFalse(m.isFrozen());
        assertSame(m, m.freeze());
        assertTrue(m.isFrozen());
        assertEquals(0, m.intern(5L));
        assertEquals(0, m.intern("5"));
        assertEquals(1, m.intern("a"));
        assertEquals("5", m.externalId(0));
        IllegalStateException e1 = assertThrows(IllegalStateException.class, () -> m.intern(6L));
        assertEquals("cannot add item id '6': the item id map is frozen", e1.getMessage());
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> m.intern("b"));
        assertEquals("cannot add item id 'b': the item id map is frozen", e2.getMessage());
        assertEquals(2, m.size());
    }

    @Test
    void emptyMapFreezes() {
        IdMap m = new IdMap("category").freeze();
        assertEquals(0, m.size());
        assertThrows(IllegalStateException.class, () -> m.intern("c"));
    }
}
