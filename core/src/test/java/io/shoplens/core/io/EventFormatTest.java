package io.shoplens.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.DataException;
import org.junit.jupiter.api.Test;

class EventFormatTest {
    @Test
    void parsesLabelsAndEnumNamesIgnoringCase() {
        for (EventFormat f : EventFormat.values()) {
            assertEquals(f, EventFormat.parse(f.label()));
            assertEquals(f, EventFormat.parse(f.label().toUpperCase()));
            assertEquals(f, EventFormat.parse(f.name()));
            assertEquals(f.label(), f.toString());
        }
        assertEquals(EventFormat.ONLINE_RETAIL, EventFormat.parse("Online-Retail"));
        assertEquals(EventFormat.ONLINE_RETAIL, EventFormat.parse("online_retail"));
    }

    @Test
    void unknownNameListsTheKnownFormats() {
        DataException e = assertThrows(DataException.class, () -> EventFormat.parse("parquet"));
        assertEquals("unknown data format 'parquet'; known formats: taobao, retailrocket, online-retail, sasrec, "
                + "movielens, shoplens", e.getMessage());
    }

    @Test
    void everyFormatHasItsOwnFreshReader() {
        for (EventFormat f : EventFormat.values()) {
            assertNotSame(f.reader(), f.reader(), f.label());
            assertTrue(f.defaultMaxBadRatio() >= 0 && f.defaultMaxBadRatio() <= 1, f.label());
        }
        assertEquals(0.35, EventFormat.ONLINE_RETAIL.defaultMaxBadRatio());
    }
}
