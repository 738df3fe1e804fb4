package io.shoplens.core.io;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.EventSink;

/**
 * Taobao UserBehavior CSV (Alibaba Tianchi data set 649): no header, five columns
 * {@code user_id,item_id,category_id,behavior_type,timestamp}; ids are integers, behaviours pv/cart/fav/buy,
 * timestamps epoch seconds.
 */
final class TaobaoReader extends LineReader<EventSink> implements EventReader {
    private final Fields f = Fields.delimited(',', false, "user_id", "item_id", "category_id", "behavior_type",
            "timestamp");

    TaobaoReader() {
        super(EventFormat.TAOBAO);
    }

    @Override
    boolean hasHeader() {
        return false;
    }

    @Override
    void parseRow(LineSource line, EventSink sink, long ordinal) throws BadRowException {
        f.splitExactly(line.buffer(), line.start(), line.end(), 5);
        long user = f.parseId(0);
        long item = f.parseId(1);
        long category = f.parseId(2);
        Behavior b = behavior(f, 3);
        long time = checkTime(f.parseLong(4));
        sink.event(user, item, category, b, time);
    }
}
