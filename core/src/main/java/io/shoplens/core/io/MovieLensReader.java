package io.shoplens.core.io;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.EventSink;

/**
 * MovieLens ratings: {@code u.data} of ML-100K (tab-separated {@code user item rating timestamp}) and
 * {@code ratings.dat} of ML-1M/10M ({@code user::item::rating::timestamp}); the layout is detected from the
 * first line. Ratings must lie in [0.5, 5]. Every rating is an interaction: ratings of at least
 * {@value #LIKE_THRESHOLD} become {@link Behavior#FAV} (liked), lower ones {@link Behavior#PV} (seen).
 */
final class MovieLensReader extends LineReader<EventSink> implements EventReader {
    /** Ratings at or above this are read as "liked". */
    static final double LIKE_THRESHOLD = 4.0;

    private static final String[] NAMES = {"user", "item", "rating", "timestamp"};
    private Fields f;

    MovieLensReader() {
        super(EventFormat.MOVIELENS);
    }

    @Override
    boolean hasHeader() {
        return false;
    }

    @Override
    void parseRow(LineSource line, EventSink sink, long ordinal) throws BadRowException {
        if (f == null) {
            f = containsDoubleColon(line) ? Fields.delimited("::", NAMES) : Fields.delimited('\t', false, NAMES);
        }
        f.splitExactly(line.buffer(), line.start(), line.end(), 4);
        long user = f.parseId(0);
        long item = f.parseId(1);
        double rating = f.parseDouble(2);
        if (rating < 0.5 || rating > 5) {
            throw new BadRowException("rating " + rating + " is not in [0.5, 5]");
        }
        long time = checkTime(f.parseLong(3));
        sink.event(user, item, EventSink.NO_CATEGORY, rating >= LIKE_THRESHOLD ? Behavior.FAV : Behavior.PV, time);
    }

    private static boolean containsDoubleColon(LineSource line) {
        byte[] b = line.buffer();
        for (int i = line.start(); i + 1 < line.end(); i++) {
            if (b[i] == ':' && b[i + 1] == ':') {
                return true;
            }
        }
        return false;
    }
}
