package io.shoplens.core.io;

import static io.shoplens.core.io.ReaderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.io.ReaderFixtures.Ev;
import io.shoplens.core.io.ReaderFixtures.RecordingSink;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaobaoReaderTest extends EventReaderContract {
    @Override
    EventFormat format() {
        return EventFormat.TAOBAO;
    }

    @Override
    String header() {
        return null;
    }

    @Override
    List<String> goodRows() {
        return List.of(
                "1,2268318,2520377,pv,1511544070",
                "1,2333346,2520771,cart,1511561733",
                "100,4365585,2520377,fav,1511596146",
                "1000,1531036,2920476,buy,1511616481",
                "7,0,0,PV,1511616482");
    }

    @Override
    Ev expected(int i, long ordinal) {
        return List.of(
                new Ev("1", "2268318", "2520377", Behavior.PV, 1511544070L),
                new Ev("1", "2333346", "2520771", Behavior.CART, 1511561733L),
                new Ev("100", "4365585", "2520377", Behavior.FAV, 1511596146L),
                new Ev("1000", "1531036", "2920476", Behavior.BUY, 1511616481L),
                new Ev("7", "0", "0", Behavior.PV, 1511616482L)).get(i);
    }

    @Override
    List<BadRow> badRows() {
        return List.of(
                new BadRow("too few columns", "1,2268318,2520377,pv", "expected 5 columns, found 4"),
                new BadRow("too many columns", "1,2268318,2520377,pv,1511544070,9", "expected 5 columns, found 6"),
                new BadRow("non-numeric user id", "u1,2268318,2520377,pv,1511544070", "user_id 'u1' is not an integer"),
                new BadRow("non-numeric item id", "1,22x8318,2520377,pv,1511544070",
                        "item_id '22x8318' is not an integer"),
                new BadRow("non-numeric category", "1,2268318,cat,pv,1511544070",
                        "category_id 'cat' is not an integer"),
                new BadRow("negative user id", "-3,2268318,2520377,pv,1511544070", "user_id -3 is negative"),
                new BadRow("empty item id", "1,,2520377,pv,1511544070", "item_id is empty"),
                new BadRow("id longer than a long", "12345678901234567890,2268318,2520377,pv,1511544070",
                        "user_id '12345678901234567890' is not an integer"),
                new BadRow("unknown behaviour", "1,2268318,2520377,clickk,1511544070", "unknown behaviour 'clickk'"),
                new BadRow("non-numeric timestamp", "1,2268318,2520377,pv,2017-11-25",
                        "timestamp '2017-11-25' is not an integer"),
                new BadRow("timestamp before 1990", "1,2268318,2520377,pv,86400", "timestamp 86400 is out of range"),
                new BadRow("timestamp after 2060", "1,2268318,2520377,pv,4102444800",
                        "timestamp 4102444800 is out of range"));
    }

    @Override
    BadRow truncatedRow() {
        return new BadRow("cut row", "1000,1531036,29204", "expected 5 columns, found 3");
    }

    @Test
    void timestampRangeComesFromTheOptions() {
        Path file = write(dir.resolve("range.csv"), "1,2,3,pv,100\n1,2,3,pv,200\n1,2,3,pv,300\n");
        RecordingSink sink = new RecordingSink();
        LoadReport r = format().reader().read(file, sink, new LoadOptions(dir, 1.0, 150, 300));
        assertEquals(List.of(new Ev("1", "2", "3", Behavior.PV, 200)), sink.events);
        assertEquals(2, r.rejected());
    }
}
