package io.shoplens.core.io;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.io.ReaderFixtures.Ev;
import java.util.List;

/** MovieLens 100K {@code u.data}: tab-separated {@code user item rating timestamp}. */
class MovieLensUDataReaderTest extends EventReaderContract {
    @Override
    EventFormat format() {
        return EventFormat.MOVIELENS;
    }

    @Override
    String header() {
        return null;
    }

    @Override
    List<String> goodRows() {
        return List.of(
                "196\t242\t3\t881250949",
                "186\t302\t3.5\t891717742",
                "22\t377\t1\t878887116",
                "244\t51\t5\t880606923",
                "166\t346\t4\t886397596");
    }

    @Override
    Ev expected(int i, long ordinal) {
        return List.of(
                new Ev("196", "242", null, Behavior.PV, 881250949L),
                new Ev("186", "302", null, Behavior.PV, 891717742L),
                new Ev("22", "377", null, Behavior.PV, 878887116L),
                new Ev("244", "51", null, Behavior.FAV, 880606923L),
                new Ev("166", "346", null, Behavior.FAV, 886397596L)).get(i);
    }

    @Override
    List<BadRow> badRows() {
        return List.of(
                new BadRow("three columns", "196\t242\t3", "expected 4 columns, found 3"),
                new BadRow("spaces instead of tabs", "196 242 3 881250949", "expected 4 columns, found 1"),
                new BadRow("non-numeric user", "x196\t242\t3\t881250949", "user 'x196' is not an integer"),
                new BadRow("non-numeric item", "196\tStar Wars\t3\t881250949", "item 'Star Wars' is not an integer"),
                new BadRow("rating above 5", "196\t242\t6\t881250949", "rating 6.0 is not in [0.5, 5]"),
                new BadRow("rating 0", "196\t242\t0\t881250949", "rating 0.0 is not in [0.5, 5]"),
                new BadRow("non-numeric rating", "196\t242\tgood\t881250949", "rating 'good' is not a number"),
                new BadRow("non-numeric timestamp", "196\t242\t3\t88125094x",
                        "timestamp '88125094x' is not an integer"),
                new BadRow("timestamp before 1990", "196\t242\t3\t8812509", "timestamp 8812509 is out of range"));
    }

    @Override
    BadRow truncatedRow() {
        return new BadRow("cut row", "166\t34", "expected 4 columns, found 2");
    }
}
