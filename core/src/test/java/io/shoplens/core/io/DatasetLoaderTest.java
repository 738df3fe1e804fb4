package io.shoplens.core.io;

import static io.shoplens.core.io.ReaderFixtures.quarantine;
import static io.shoplens.core.io.ReaderFixtures.sha256;
import static io.shoplens.core.io.ReaderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.data.OrderLine;
import io.shoplens.core.data.UserAttributes;
import io.shoplens.core.io.ReaderFixtures.QRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
    @TempDir
    Path dir;

    private LoadOptions options() {
        return LoadOptions.defaults(dir.resolve("quarantine")).withMaxBadRatio(0.5);
    }

    @Test
    void catalogueAndUsersLoadFirstSoListedItemsAndUsersWithoutEventsHaveIndexes() {
        Path items = write(dir.resolve("items.csv"), String.join("\n",
                "item,category,price,title,image",
                "10,c1,9.99,\"Mug, large\",img/10.png",
                "99,c2,,Lamp,",
                "10,c1,1.00,Duplicate mug,",
                "11,c1,2.50,Cup,") + "\n");
        Path users = write(dir.resolve("users.csv"), String.join("\n",
                "user,age_band,gender,region",
                "1,25-34,f,Bavaria",
                "7,,m,") + "\n");
        Path events = write(dir.resolve("UserBehavior.csv"), String.join("\n",
                "2,11,5,pv,1511544070",
                "1,10,5,cart,1511544080",
                "1,12,5,buy,1511544090") + "\n");
        Dataset d = DatasetLoader.load(new DatasetLoader.Source(events, EventFormat.TAOBAO, items, users), options());

        InteractionStore s = d.events();
        IdMap itemIds = s.items();
        assertEquals(0, itemIds.indexOf("10"));
        assertEquals(1, itemIds.indexOf("99"));
        assertEquals(2, itemIds.indexOf("11"));
        assertEquals(3, itemIds.indexOf("12"));
        assertEquals(4, s.numItems());
        assertEquals(0, s.itemLength(itemIds.indexOf("99")), "catalogue-only item has no events");
        assertEquals(3, s.activeItems());

        IdMap userIds = s.users();
        assertEquals(0, userIds.indexOf(1L));
        assertEquals(1, userIds.indexOf(7L));
        assertEquals(2, userIds.indexOf(2L));
        assertEquals(0, s.userLength(1), "listed user without events");
        assertArrayEquals(new int[] {0, 3}, s.userItems(0));

        ItemCatalog c = d.catalog();
        assertEquals(4, c.size());
        assertEquals(3, c.listed(), "the duplicate row is not listed");
        assertEquals("Mug, large", c.title(0));
        assertEquals(9.99f, c.price(0));
        assertEquals("img/10.png", c.image(0));
        assertEquals(s.categories().indexOf("c1"), c.category(0));
        assertEquals("Lamp", c.title(1));
        assertTrue(Float.isNaN(c.price(1)));
        assertNull(c.title(3), "event-only item has no attributes");
        assertEquals(-1, c.category(3));

        UserAttributes a = d.attributes();
        assertEquals(3, a.size());
        assertEquals(2, a.listed());
        assertEquals("25-34", a.ageBand(0));
        assertEquals("Bavaria", a.region(0));
        assertEquals("m", a.gender(1));
        assertNull(a.ageBand(1));
        assertNull(a.gender(2));

        List<LoadReport> reports = d.reports();
        assertEquals(List.of(events, items, users), reports.stream().map(LoadReport::file).toList());
        assertEquals("UserBehavior.csv", d.name());
        assertEquals(sha256(ReaderFixtures.bytes(events)), d.sha256());
        assertEquals(1, d.rejectedRows());
        List<QRow> q = quarantine(reports.get(1).quarantineFile());
        assertEquals(1, q.size());
        assertEquals(4, q.get(0).line());
        assertEquals("item '10' is listed twice", q.get(0).reason());
        assertTrue(d.orders().isEmpty());
    }

    @Test
    void duplicateUsersAreQuarantined() {
        Path users = write(dir.resolve("users.csv"), "user,gender\n1,f\n2,m\n1,m\n");
        Path events = write(dir.resolve("e.csv"), "1,1,1,pv,1511544070\n");
        Dataset d = DatasetLoader.load(new DatasetLoader.Source(events, EventFormat.TAOBAO, null, users), options());
        assertEquals("f", d.attributes().gender(0));
        assertEquals(List.of("user '1' is listed twice"),
                quarantine(d.reports().get(1).quarantineFile()).stream().map(QRow::reason).toList());
    }

    @Test
    void onlineRetailLoadsOrdersAlongsideBuyEvents() {
        Path events = write(dir.resolve("Online Retail.csv"), String.join("\n",
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
                "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom",
                "536365,71053,\"METAL LANTERN, WHITE\",6,12/1/2010 8:26,3.39,17850.0,United Kingdom",
                "C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom",
                "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,United Kingdom",
                "536368,85123A,WHITE HANGING HEART T-LIGHT HOLDER,2,12/1/2010 8:40,2.55,17850,United Kingdom") + "\n");
        Dataset d = DatasetLoader.load(DatasetLoader.Source.events(events, EventFormat.ONLINE_RETAIL), options());
        InteractionStore s = d.events();
        long t0 = Instant.parse("2010-12-01T08:26:00Z").getEpochSecond();
        int heart = s.items().indexOf("85123A");
        int lantern = s.items().indexOf("71053");
        int ornament = s.items().indexOf("84879");
        int c17850 = s.users().indexOf("17850");
        int c13047 = s.users().indexOf("13047");
        assertEquals(List.of(
                new OrderLine("536365", heart, 6, 2.55, c17850, t0, "United Kingdom"),
                new OrderLine("536365", lantern, 6, 3.39, c17850, t0, "United Kingdom"),
                new OrderLine("536367", ornament, 32, 1.69, c13047, t0 + 8 * 60, "United Kingdom"),
                new OrderLine("536368", heart, 2, 2.55, c17850, t0 + 14 * 60, "United Kingdom")), d.orders());
        assertEquals(15.3, d.orders().get(0).amount(), 1e-9);
        assertEquals(4, s.numEvents());
        for (int p = 0; p < s.numEvents(); p++) {
            assertEquals(Behavior.BUY, s.behaviorAt(p));
        }
        assertArrayEquals(new int[] {heart, lantern, heart}, s.userItems(c17850));
        assertEquals(-1, s.items().indexOf("D"), "rejected rows intern nothing");
        assertEquals(1, d.rejectedRows());
        assertEquals(1, d.reports().size());
    }

    @Test
    void sasrecLoadsWithOrdinalTimeInFileOrder() {
        Path events = write(dir.resolve("Beauty.txt"), "5 9\n5 3\n5 7\n6 3\n");
        Dataset d = DatasetLoader.load(DatasetLoader.Source.events(events, EventFormat.SASREC), options());
        InteractionStore s = d.events();
        assertTrue(s.ordinalTime());
        assertTrue(d.reports().get(0).ordinalTime());
        int u = s.users().indexOf(5L);
        assertEquals(List.of("9", "3", "7"),
                Arrays.stream(s.userItems(u)).mapToObj(i -> s.items().externalId(i)).toList());
        assertArrayEquals(new long[] {0, 1, 2}, s.history(u).times());
    }

    @Test
    void missingEventsFileFailsAfterTheCatalogue() {
        Path items = write(dir.resolve("items.csv"), "item\n1\n");
        Path events = dir.resolve("missing.csv");
        DataException e = assertThrows(DataException.class, () -> DatasetLoader.load(
                new DatasetLoader.Source(events, EventFormat.SHOPLENS, items, null), options()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
