package io.shoplens.core.io;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.io.ReaderFixtures.Ev;
import java.util.List;

/** MovieLens 1M/10M {@code ratings.dat}: {@code user::item::rating::timestamp}. */
class MovieLensRatingsDatReaderTest extends EventReaderContract {
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
                "1::1193::5::978300760",
                "1::661::3::978302109",
                "1::914::3::978301968",
                "2::1357::4.5::978298709",
                "2::3068::0.5::978299000");
    }

    @Override
    Ev expected(int i, long ordinal) {
        return List.of(
                new Ev("1", "1193", null, Behavior.FAV, 978300760L),
                new Ev("1", "661", null, Behavior.PV, 978302109L),
                new Ev("1", "914", null, Behavior.PV, 978301968L),
                new Ev("2", "1357", null, Behavior.FAV, 978298709L),
                new Ev("2", "3068", null, Behavior.PV, 978299000L)).get(i);
    }

    @Override
    List<BadRow> badRows() {
        return List.of(
                new BadRow("three columns", "1::1193::5", "expected 4 columns, found 3"),
                new BadRow("single colons", "1:1193:5:978300760", "expected 4 columns, found 1"),
                new BadRow("five columns", "1::1193::5::978300760::x", "expected 4 columns, found 5"),
                new BadRow("non-numeric item", "1::abc::5::978300760", "item 'abc' is not an integer"),
                new BadRow("half star above 5", "1::1193::5.5::978300760", "rating 5.5 is not in [0.5, 5]"),
                new BadRow("negative timestamp", "1::1193::5::-978300760", "timestamp -978300760 is out of range"));
    }

    @Override
    BadRow truncatedRow() {
        return new BadRow("cut row", "2::3068::0.", "expected 4 columns, found 3");
    }
}
