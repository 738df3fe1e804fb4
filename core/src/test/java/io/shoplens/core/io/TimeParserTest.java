package io.shoplens.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeParserTest {
    private static long utc(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    private static long parse(String text) throws BadRowException {
        return TimeParser.parse(text, "timestamp");
    }

    @Test
    void epochSeconds() throws BadRowException {
        assertEquals(1511544070L, parse("1511544070"));
        assertEquals(1511544070L, parse(" 1511544070 "));
        assertEquals(-86400L, parse("-86400"));
        assertEquals(0L, parse("0"));
    }

    @Test
    void isoWithOffsetOrZ() throws BadRowException {
        assertEquals(utc("2017-11-26T01:00:00Z"), parse("2017-11-26T01:00:00Z"));
        assertEquals(utc("2017-11-26T01:00:00Z"), parse("2017-11-26T09:00:00+08:00"));
        assertEquals(utc("2017-11-26T14:00:00Z"), parse("2017-11-26T09:00:00-05:00"));
        assertEquals(utc("2017-11-26T01:00:00Z"), parse("2017-11-26T01:00:00.750Z"));
    }

    @Test
    void localIsoIsUtc() throws BadRowException {
        assertEquals(utc("2017-11-26T09:00:00Z"), parse("2017-11-26T09:00:00"));
        assertEquals(utc("2017-11-26T09:00:00Z"), parse("2017-11-26T09:00"));
        assertEquals(utc("2017-11-26T09:00:05Z"), parse("2017-11-26 09:00:05"));
        assertEquals(utc("2017-11-26T09:00:00Z"), parse("2017-11-26 09:00"));
    }

    @Test
    void usSpellingOfOnlineRetail() throws BadRowException {
        assertEquals(utc("2010-12-01T08:26:00Z"), parse("12/1/2010 8:26"));
        assertEquals(utc("2011-12-09T12:50:00Z"), parse("12/9/2011 12:50"));
        assertEquals(utc("2011-01-04T10:00:30Z"), parse("01/04/2011 10:00:30"));
    }

    @Test
    void badTextNamesColumnAndText() {
        assertEquals("InvoiceDate is empty",
                assertThrows(BadRowException.class, () -> TimeParser.parse("  ", "InvoiceDate")).getMessage());
        for (String bad : new String[] {"yesterday", "13/1/2010 8:26", "2017-02-30T00:00:00", "2017-11-26",
            "12345678901234567890", "1.5e9", "-"}) {
            BadRowException e = assertThrows(BadRowException.class, () -> parse(bad), bad);
            assertEquals("timestamp '" + bad + "' is not a timestamp (epoch seconds, ISO-8601 or M/d/yyyy H:mm)",
                    e.getMessage());
        }
    }
}
