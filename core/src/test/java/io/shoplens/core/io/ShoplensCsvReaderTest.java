package io.shoplens.core.io;

import static io.shoplens.core.io.ReaderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import io.shoplens.core.io.ReaderFixtures.Ev;
import io.shoplens.core.io.ReaderFixtures.RecordingSink;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShoplensCsvReaderTest extends EventReaderContract {
    private static long utc(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Override
    EventFormat format() {
        return EventFormat.SHOPLENS;
    }

    @Override
    String header() {
        return "timestamp,behavior,item,user,category,note";
    }

    @Override
    List<String> goodRows() {
        return List.of(
                "1511544070,pv,2268318,1,4,",
                "2017-11-26T09:00:00+08:00,addtocart,sku-7,alice,\"Books, used\",first",
                "2017-11-26T01:00:00Z,Transaction,sku-7,alice,,\"said \"\"wow\"\", twice\"",
                "2017-11-26 01:00:05,VIEW,\"sku \"\"8\"\"\",bob, c1 ,x",
                "12/1/2010 8:26,fav,0123,007,c1,");
    }

    @Override
    Ev expected(int i, long ordinal) {
        return List.of(
                new Ev("1", "2268318", "4", Behavior.PV, 1511544070L),
                new Ev("alice", "sku-7", "Books, used", Behavior.CART, utc("2017-11-26T01:00:00Z")),
                new Ev("alice", "sku-7", null, Behavior.BUY, utc("2017-11-26T01:00:00Z")),
                new Ev("bob", "sku \"8\"", "c1", Behavior.PV, utc("2017-11-26T01:00:05Z")),
                new Ev("007", "0123", "c1", Behavior.FAV, utc("2010-12-01T08:26:00Z"))).get(i);
    }

    @Override
    List<BadRow> badRows() {
        return List.of(
                new BadRow("unknown behaviour", "1511544070,zoom,2268318,1,4,", "unknown behaviour 'zoom'"),
                new BadRow("not a timestamp", "yesterday,pv,2268318,1,4,", "timestamp 'yesterday' is not a timestamp"),
                new BadRow("timestamp before 1990", "1800-01-01T00:00:00Z,pv,2268318,1,4,",
                        "timestamp " + utc("1800-01-01T00:00:00Z") + " is out of range"),
                new BadRow("empty timestamp", ",pv,2268318,1,4,", "timestamp is empty"),
                new BadRow("empty user", "1511544070,pv,2268318,,4,", "user is empty"),
                new BadRow("empty item", "1511544070,pv,\"\",1,4,", "item is empty"),
                new BadRow("too few columns", "1511544070,pv,2268318,1,4", "expected 6 columns, found 5"),
                new BadRow("unterminated quote", "1511544070,pv,\"sku,1,4,", "unterminated quoted field in column 3"));
    }

    @Override
    BadRow truncatedRow() {
        return new BadRow("cut row", "1511544070,pv,22", "expected 6 columns, found 3");
    }

    @Test
    void headerWithoutBehaviourFails() {
        Path file = write(dir.resolve("events.csv"), "user,item,timestamp\n1,2,1511544070\n");
        DataException e = assertThrows(DataException.class,
                () -> format().reader().read(file, new RecordingSink(), options()));
        assertTrue(e.getMessage().contains("lacks the required column 'behavior'"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void headerAliasesAndByteOrderMarkAreAccepted() {
        Path file = write(dir.resolve("events.csv"), "\uFEFFUser_Id,Item_Id,Behavior_Type,Time\r\n"
                + "u1,i1,cart,2017-11-26T01:00:00\r\n");
        RecordingSink sink = new RecordingSink();
        format().reader().read(file, sink, options());
        assertEquals(List.of(new Ev("u1", "i1", null, Behavior.CART, utc("2017-11-26T01:00:00Z"))), sink.events);
    }

    @Test
    void headerOnlyFileHasNoDataRows() {
        Path file = write(dir.resolve("events.csv"), header() + "\n");
        DataException e = assertThrows(DataException.class,
                () -> format().reader().read(file, new RecordingSink(), options()));
        assertTrue(e.getMessage().contains("has no data rows"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void blankFirstLineIsNotAHeader() {
        Path file = write(dir.resolve("events.csv"), "\n" + header() + "\n" + goodRows().get(0) + "\n");
        DataException e = assertThrows(DataException.class,
                () -> format().reader().read(file, new RecordingSink(), options()));
        assertTrue(e.getMessage().contains("has no header line"), e.getMessage());
    }
}
