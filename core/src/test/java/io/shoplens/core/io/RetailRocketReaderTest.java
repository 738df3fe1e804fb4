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
import java.util.List;
import org.junit.jupiter.api.Test;

class RetailRocketReaderTest extends EventReaderContract {
    @Override
    EventFormat format() {
        return EventFormat.RETAILROCKET;
    }

    @Override
    String header() {
        return "timestamp,visitorid,event,itemid,transactionid";
    }

    @Override
    List<String> goodRows() {
        return List.of(
                "1433221332117,257597,view,355908,",
                "1433224214164,992329,view,248676,",
                "1433221955914,599528,addtocart,356475,",
                "1433222276276,599528,transaction,356475,4000",
                "1433193500981,121688,VIEW,285930,");
    }

    @Override
    Ev expected(int i, long ordinal) {
        return List.of(
                new Ev("257597", "355908", null, Behavior.PV, 1433221332L),
                new Ev("992329", "248676", null, Behavior.PV, 1433224214L),
                new Ev("599528", "356475", null, Behavior.CART, 1433221955L),
                new Ev("599528", "356475", null, Behavior.BUY, 1433222276L),
                new Ev("121688", "285930", null, Behavior.PV, 1433193500L)).get(i);
    }

    @Override
    List<BadRow> badRows() {
        return List.of(
                new BadRow("too few columns", "1433221332117,257597,view,355908", "expected 5 columns, found 4"),
                new BadRow("non-numeric visitor", "1433221332117,v257597,view,355908,",
                        "visitorid 'v257597' is not an integer"),
                new BadRow("non-numeric item", "1433221332117,257597,view,item9,", "itemid 'item9' is not an integer"),
                new BadRow("unknown event", "1433221332117,257597,removefromcart,355908,",
                        "unknown behaviour 'removefromcart'"),
                new BadRow("date instead of millis", "2015-06-02 05:02:12,257597,view,355908,",
                        "timestamp '2015-06-02 05:02:12' is not an integer"),
                new BadRow("seconds instead of millis", "1433221332,257597,view,355908,",
                        "timestamp 1433221 is out of range"),
                new BadRow("empty timestamp", ",257597,view,355908,", "timestamp is empty"));
    }

    @Override
    BadRow truncatedRow() {
        return new BadRow("cut row", "1433222276276,599528,transac", "expected 5 columns, found 3");
    }

    @Test
    void headerWithoutARequiredColumnFails() {
        Path file = write(dir.resolve("events.csv"), "timestamp,visitorid,event,transactionid\n1433221332117,1,view,\n");
        DataException e = assertThrows(DataException.class,
                () -> format().reader().read(file, new RecordingSink(), options()));
        assertTrue(e.getMessage().contains("lacks the required column 'itemid'"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void headerOnlyFileHasNoDataRows() {
        Path file = write(dir.resolve("events.csv"), header() + "\n");
        DataException e = assertThrows(DataException.class,
                () -> format().reader().read(file, new RecordingSink(), options()));
        assertTrue(e.getMessage().contains("has no data rows"), e.getMessage());
    }

    @Test
    void columnsAreFoundByHeaderNameInAnyOrder() {
        Path file = write(dir.resolve("events.csv"), "\uFEFFItemId,Event,VisitorId,Timestamp\n"
                + "355908,view,257597,1433221332117\n"
                + "355909,view,v1,1433221332118\n");
        RecordingSink sink = new RecordingSink();
        LoadReport r = format().reader().read(file, sink, lenient());
        assertEquals(List.of(new Ev("257597", "355908", null, Behavior.PV, 1433221332L)), sink.events);
        String reason = ReaderFixtures.quarantine(r.quarantineFile()).get(0).reason();
        assertTrue(reason.contains("VisitorId 'v1' is not an integer"), reason);
    }
}
