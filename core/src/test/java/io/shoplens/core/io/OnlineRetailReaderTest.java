package io.shoplens.core.io;

import static io.shoplens.core.io.ReaderFixtures.lines;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnlineRetailReaderTest extends EventReaderContract {
    /** One order line as delivered to the order sink. */
    record Order(String invoice, String item, int quantity, double unitPrice, String customer, long time,
                 String country, String description) {
    }

    private static long utc(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Override
    EventFormat format() {
        return EventFormat.ONLINE_RETAIL;
    }

    @Override
    String header() {
        return "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
    }

    @Override
    List<String> goodRows() {
        return List.of(
                "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom",
                "536365,71053,\"METAL LANTERN, WHITE\",6,12/1/2010 8:26,3.39,17850.0,United Kingdom",
                "536366,22633,\"HAND WARMER \"\"UNION JACK\"\"\",6,12/1/2010 8:28,1.85,17850,United Kingdom",
                "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,United Kingdom",
                "536370,22728,ALARM CLOCK BAKELIKE PINK,24,12/10/2010 18:45:30,0,12583,France");
    }

    @Override
    Ev expected(int i, long ordinal) {
        return List.of(
                new Ev("17850", "85123A", null, Behavior.BUY, utc("2010-12-01T08:26:00Z")),
                new Ev("17850", "71053", null, Behavior.BUY, utc("2010-12-01T08:26:00Z")),
                new Ev("17850", "22633", null, Behavior.BUY, utc("2010-12-01T08:28:00Z")),
                new Ev("13047", "84879", null, Behavior.BUY, utc("2010-12-01T08:34:00Z")),
                new Ev("12583", "22728", null, Behavior.BUY, utc("2010-12-10T18:45:30Z"))).get(i);
    }

    @Override
    List<BadRow> badRows() {
        return List.of(
                new BadRow("negative quantity", "536379,22423,REGENCY CAKESTAND 3 TIER,-2,12/1/2010 9:41,12.75,14527,"
                        + "United Kingdom", "quantity -2 on invoice '536379' is a cancellation"),
                new BadRow("cancelled invoice", "C536383,35004C,SET OF 3 COLOURED FLYING DUCKS,1,12/1/2010 9:49,4.65,"
                        + "15311,United Kingdom", "quantity 1 on invoice 'C536383' is a cancellation"),
                new BadRow("zero quantity", "536390,22728,ALARM CLOCK,0,12/1/2010 10:00,3.75,12583,France",
                        "quantity 0 is not a positive count"),
                new BadRow("quantity beyond int", "536390,22728,ALARM CLOCK,3000000000,12/1/2010 10:00,3.75,12583,"
                        + "France", "quantity 3000000000 is not a positive count"),
                new BadRow("negative price", "536400,22728,ALARM CLOCK,2,12/1/2010 10:00,-3.75,12583,France",
                        "UnitPrice -3.75 is negative"),
                new BadRow("non-numeric quantity", "536400,22728,ALARM CLOCK,six,12/1/2010 10:00,3.75,12583,France",
                        "Quantity 'six' is not an integer"),
                new BadRow("price with decimal comma", "536400,22728,ALARM CLOCK,2,12/1/2010 10:00,\"3,75\",12583,"
                        + "France", "UnitPrice '3,75' is not a number"),
                new BadRow("bad date", "536400,22728,ALARM CLOCK,2,2010-13-01 08:26,3.75,12583,France",
                        "InvoiceDate '2010-13-01 08:26' is not a timestamp"),
                new BadRow("date before 1990", "536400,22728,ALARM CLOCK,2,12/1/1989 8:26,3.75,12583,France",
                        "timestamp " + utc("1989-12-01T08:26:00Z") + " is out of range"),
                new BadRow("guest checkout", "536414,22139,,56,12/1/2010 11:52,0,,United Kingdom",
                        "CustomerID is empty (guest checkout)"),
                new BadRow("postage", "536370,POST,POSTAGE,3,12/1/2010 8:45,18,12583,France",
                        "StockCode 'POST' is a service charge"),
                new BadRow("empty stock code", "536370,,POSTAGE,3,12/1/2010 8:45,18,12583,France",
                        "StockCode is empty"),
                new BadRow("empty invoice", ",22728,ALARM CLOCK,2,12/1/2010 10:00,3.75,12583,France",
                        "InvoiceNo is empty"),
                new BadRow("unterminated quote", "536365,71053,\"METAL LANTERN, WHITE,6,12/1/2010 8:26,3.39,17850,"
                        + "United Kingdom", "unterminated quoted field in column 3"),
                new BadRow("text after closing quote", "536365,71053,\"METAL\"X,6,12/1/2010 8:26,3.39,17850,"
                        + "United Kingdom", "unexpected character after closing quote"),
                new BadRow("missing country", "536365,71053,LANTERN,6,12/1/2010 8:26,3.39,17850",
                        "expected 8 columns, found 7"));
    }

    @Override
    BadRow truncatedRow() {
        return new BadRow("cut row", "536367,84879,\"ASSORTED COLOUR BI", "unterminated quoted field in column 3");
    }

    @Test
    void orderLinesCarryQuotedDescriptionsAndFollowTheEvents() {
        Path file = write(dir.resolve("Online Retail.csv"), content(goodRows()));
        List<Order> orders = new ArrayList<>();
        RecordingSink sink = new RecordingSink();
        format().reader((invoice, item, quantity, price, customer, time, country, description) ->
                orders.add(new Order(invoice, item, quantity, price, customer, time, country, description)))
                .read(file, sink, options());
        assertEquals(List.of(
                new Order("536365", "85123A", 6, 2.55, "17850", utc("2010-12-01T08:26:00Z"), "United Kingdom",
                        "WHITE HANGING HEART T-LIGHT HOLDER"),
                new Order("536365", "71053", 6, 3.39, "17850", utc("2010-12-01T08:26:00Z"), "United Kingdom",
                        "METAL LANTERN, WHITE"),
                new Order("536366", "22633", 6, 1.85, "17850", utc("2010-12-01T08:28:00Z"), "United Kingdom",
                        "HAND WARMER \"UNION JACK\""),
                new Order("536367", "84879", 32, 1.69, "13047", utc("2010-12-01T08:34:00Z"), "United Kingdom",
                        "ASSORTED COLOUR BIRD ORNAMENT"),
                new Order("536370", "22728", 24, 0.0, "12583", utc("2010-12-10T18:45:30Z"), "France",
                        "ALARM CLOCK BAKELIKE PINK")), orders);
        assertEquals(expectedInOrder(), sink.events);
    }

    @Test
    void rejectedRowsGiveNoOrderLine() {
        List<String> rows = new ArrayList<>(goodRows());
        for (BadRow b : badRows()) {
            rows.add(b.row());
        }
        Path file = write(dir.resolve("mixed.csv"), content(rows));
        List<String> invoices = new ArrayList<>();
        format().reader((invoice, item, quantity, price, customer, time, country, description) ->
                invoices.add(invoice)).read(file, new RecordingSink(), lenient());
        assertEquals(List.of("536365", "536365", "536366", "536367", "536370"), invoices);
    }

    @Test
    void onlineRetailTwoHeaderSpellingsAreAccepted() {
        Path file = write(dir.resolve("online_retail_II.csv"), lines(List.of(
                "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country",
                "489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom"),
                "\n", true));
        RecordingSink sink = new RecordingSink();
        format().reader().read(file, sink, options());
        assertEquals(List.of(new Ev("13085", "85048", null, Behavior.BUY, utc("2009-12-01T07:45:00Z"))),
                sink.events);
    }

    @Test
    void headerWithoutCustomerIdFails() {
        Path file = write(dir.resolve("orders.csv"), "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,Country\n"
                + "536365,85123A,6,12/1/2010 8:26,2.55,United Kingdom\n");
        DataException e = assertThrows(DataException.class,
                () -> format().reader().read(file, new RecordingSink(), options()));
        assertTrue(e.getMessage().contains("lacks the required column 'CustomerID'"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void withoutOptionalColumnsReasonsStillNameTheRightColumn() {
        Path file = write(dir.resolve("short.csv"), "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
                + "536365,85123A,6,12/1/2010 8:26,2.55,17850\n"
                + "536365,71053,six,12/1/2010 8:26,3.39,17850\n");
        List<String> descriptions = new ArrayList<>();
        RecordingSink sink = new RecordingSink();
        LoadReport r = format().reader((invoice, item, quantity, price, customer, time, country, description) ->
                descriptions.add(country + "|" + description)).read(file, sink, lenient());
        assertEquals(List.of("|"), descriptions);
        assertEquals(1, sink.events.size());
        String reason = ReaderFixtures.quarantine(r.quarantineFile()).get(0).reason();
        assertTrue(reason.contains("Quantity 'six' is not an integer"), reason);
    }

    @Test
    void guestCheckoutsUpToTheDefaultRatioLoad() {
        List<String> rows = new ArrayList<>(goodRows());
        rows.add("536414,22139,,56,12/1/2010 11:52,0,,United Kingdom");
        rows.add("536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,12/1/2010 14:32,2.51,,United Kingdom");
        Path file = write(dir.resolve("guests.csv"), content(rows));
        LoadReport r = format().reader().read(file, new RecordingSink(), options());
        assertEquals(5, r.accepted());
        assertEquals(2, r.rejected());
        assertEquals(Map.of("CustomerID is empty (guest checkout)", 2L), r.rejectedByReason());
    }
}
