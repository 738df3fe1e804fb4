package io.shoplens.core.io;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.EventSink;

/**
 * RetailRocket {@code events.csv}: header {@code timestamp,visitorid,event,itemid,transactionid}, timestamps in
 * epoch milliseconds, events view/addtocart/transaction. No categories (they live in the item properties).
 */
final class RetailRocketReader extends LineReader<EventSink> implements EventReader {
    private final Fields f = Fields.delimited(',', false, "timestamp", "visitorid", "event", "itemid",
            "transactionid");
    private int cTime;
    private int cUser;
    private int cEvent;
    private int cItem;
    private int columns;

    RetailRocketReader() {
        super(EventFormat.RETAILROCKET);
    }

    @Override
    boolean hasHeader() {
        return true;
    }

    @Override
    void readHeader(LineSource line) {
        Header h = Header.of(line, f);
        cTime = h.require("timestamp");
        cUser = h.require("visitorid");
        cEvent = h.require("event");
        cItem = h.require("itemid");
        columns = h.size();
    }

    @Override
    void parseRow(LineSource line, EventSink sink, long ordinal) throws BadRowException {
        f.splitExactly(line.buffer(), line.start(), line.end(), columns);
        long millis = f.parseLong(cTime);
        long user = f.parseId(cUser);
        Behavior b = behavior(f, cEvent);
        long item = f.parseId(cItem);
        long time = checkTime(Math.floorDiv(millis, 1000));
        sink.event(user, item, EventSink.NO_CATEGORY, b, time);
    }
}
