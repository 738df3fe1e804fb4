package io.shoplens.core.io;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses the timestamp spellings found in shop exports into epoch seconds: integer epoch seconds, ISO-8601 with
 * offset ({@code 2017-11-26T09:00:00+08:00}, {@code ...Z}), ISO local date-time with {@code T} or a blank
 * (read as UTC), and the US spelling of the UCI Online Retail CSV ({@code 12/1/2010 8:26}, read as UTC).
 */
final class TimeParser {
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/yyyy H:mm[:ss]");
    private static final DateTimeFormatter LOCAL_BLANK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private TimeParser() {
    }

    /** Epoch seconds of {@code text}, or a {@link BadRowException} naming {@code column} and the text. */
    static long parse(String text, String column) throws BadRowException {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new BadRowException(column + " is empty");
        }
        if (isInteger(t)) {
            return Long.parseLong(t);
        }
        try {
            if (t.indexOf('/') > 0) {
                return LocalDateTime.parse(t, US).toEpochSecond(ZoneOffset.UTC);
            }
            if (t.indexOf('T') > 0) {
                char last = t.charAt(t.length() - 1);
                boolean hasOffset = last == 'Z' || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10;
                return hasOffset ? OffsetDateTime.parse(t).toEpochSecond()
                        : LocalDateTime.parse(t).toEpochSecond(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(t, LOCAL_BLANK).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadRowException(column + " '" + t + "' is not a timestamp (epoch seconds, ISO-8601 or "
                    + "M/d/yyyy H:mm)");
        }
    }

    private static boolean isInteger(String t) {
        int start = t.charAt(0) == '-' ? 1 : 0;
        if (start == t.length() || t.length() > 18) {
            return false;
        }
        for (int i = start; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
