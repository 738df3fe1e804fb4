package io.shoplens.core.io;

import static io.shoplens.core.io.ReaderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.io.ReaderFixtures.Ev;
import io.shoplens.core.io.ReaderFixtures.RecordingSink;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SasRecReaderTest extends EventReaderContract {
    private static final String[][] PAIRS = {{"1", "1"}, {"1", "2"}, {"2", "5"}, {"2", "7"}, {"10", "1"}};

    @Override
    EventFormat format() {
        return EventFormat.SASREC;
    }

    @Override
    String header() {
        return null;
    }

    @Override
    List<String> goodRows() {
        return List.of("1 1", "1 2", "2\t5", "  2   7  ", "10 1");
    }

    @Override
    Ev expected(int i, long ordinal) {
        return new Ev(PAIRS[i][0], PAIRS[i][1], null, Behavior.PV, ordinal);
    }

    @Override
    List<BadRow> badRows() {
        return List.of(
                new BadRow("three columns", "1 2 3", "expected 2 columns, found 3"),
                new BadRow("comma separated", "1,2", "expected 2 columns, found 1"),
                new BadRow("non-numeric user", "u1 2", "user 'u1' is not an integer"),
                new BadRow("non-numeric item", "1 i2", "item 'i2' is not an integer"),
                new BadRow("negative user", "-1 2", "user -1 is negative"));
    }

    @Override
    BadRow truncatedRow() {
        return new BadRow("cut row", "10", "expected 2 columns, found 1");
    }

    @Test
    void rowPositionsStandInForTime() {
        Path file = write(dir.resolve("Beauty.txt"), "3 9\n3 8\n1 7\n3 7\n");
        RecordingSink sink = new RecordingSink();
        LoadReport r = format().reader().read(file, sink, options());
        assertTrue(r.ordinalTime());
        assertEquals(List.of(
                new Ev("3", "9", null, Behavior.PV, 0),
                new Ev("3", "8", null, Behavior.PV, 1),
                new Ev("1", "7", null, Behavior.PV, 2),
                new Ev("3", "7", null, Behavior.PV, 3)), sink.events);
    }
}
