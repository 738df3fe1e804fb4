package io.shoplens.core.io;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.EventSink;

/**
 * Shoplens' own event CSV: a header naming the columns, in any order; required {@code user}, {@code item},
 * {@code behavior} and {@code timestamp}, optional {@code category}; other columns are ignored. RFC 4180 quoting.
 * Ids are text (numbers take the fast path); timestamps are epoch seconds or ISO-8601 (see {@link TimeParser}).
 */
final class ShoplensCsvReader extends LineReader<EventSink> implements EventReader {
    private final Fields f = Fields.delimited(',', true);
    private int cUser;
    private int cItem;
    private int cCategory;
    private int cBehavior;
    private int cTime;
    private int columns;

    ShoplensCsvReader() {
        super(EventFormat.SHOPLENS);
    }

    @Override
    boolean hasHeader() {
        return true;
    }

    @Override
    void readHeader(LineSource line) {
        Header h = Header.of(line, f);
        cUser = h.require("user", "user_id");
        cItem = h.require("item", "item_id");
        cCategory = h.optional("category", "category_id");
        cBehavior = h.require("behavior", "behaviour", "behavior_type", "event");
        cTime = h.require("timestamp", "time");
        columns = h.size();
    }

    @Override
    void parseRow(LineSource line, EventSink sink, long ordinal) throws BadRowException {
        f.splitExactly(line.buffer(), line.start(), line.end(), columns);
        String user = nonEmpty(cUser, "user");
        String item = nonEmpty(cItem, "item");
        String category = f.optionalString(cCategory);
        Behavior b = behavior(f, cBehavior);
        long time = checkTime(TimeParser.parse(f.string(cTime), "timestamp"));
        sink.event(user, item, category, b, time);
    }

    private String nonEmpty(int column, String name) throws BadRowException {
        String s = f.string(column);
        if (s.isEmpty()) {
            throw new BadRowException(name + " is empty");
        }
        return s;
    }
}
