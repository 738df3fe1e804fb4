package io.shoplens.core.io;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.EventSink;

/**
 * The sequence files of SASRec (Kang &amp; McAuley 2018) and BERT4Rec: one {@code user item} pair per line,
 * separated by blanks, each user's lines in time order, no timestamps. Every line is an interaction
 * ({@link Behavior#PV}); the row's position in the file stands in for its time, so the per-user order is kept.
 */
final class SasRecReader extends LineReader<EventSink> implements EventReader {
    private final Fields f = Fields.whitespace("user", "item");

    SasRecReader() {
        super(EventFormat.SASREC);
    }

    @Override
    boolean hasHeader() {
        return false;
    }

    @Override
    boolean ordinalTime() {
        return true;
    }

    @Override
    void parseRow(LineSource line, EventSink sink, long ordinal) throws BadRowException {
        f.splitExactly(line.buffer(), line.start(), line.end(), 2);
        long user = f.parseId(0);
        long item = f.parseId(1);
        sink.event(user, item, EventSink.NO_CATEGORY, Behavior.PV, ordinal);
    }
}
