package io.shoplens.core.io;

import static io.shoplens.core.io.ReaderFixtures.assertConsistent;
import static io.shoplens.core.io.ReaderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.DataException;
import io.shoplens.core.io.ReaderFixtures.QRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The item catalogue and user attribute CSVs. */
class SideFileReadersTest {
    @TempDir
    Path dir;

    private record Item(String item, String category, float price, String title, String image) {
    }

    private record User(String user, String ageBand, String gender, String region) {
    }

    private LoadOptions lenient() {
        return LoadOptions.defaults(dir.resolve("q")).withMaxBadRatio(1.0);
    }

    @Test
    void itemsWithOptionalColumnsQuotesAndBadRows() {
        Path file = write(dir.resolve("items.csv"), String.join("\n",
                "item,category,price,title,image,extra",
                "10,mugs,9.5,\"Mug, \"\"large\"\"\",img/10.png,z",
                "sku-2,,,,,",
                "11,mugs,-1,Cheap mug,,",
                "12,mugs,cheap,Mug,,",
                ",mugs,1,No id,,",
                "13,mugs,0,Free mug,,") + "\n");
        List<Item> items = new ArrayList<>();
        LoadReport r = new ItemsCsvReader().read(file, (item, category, price, title, image) ->
                items.add(new Item(item, category, price, title, image)), lenient());
        assertEquals(List.of(
                new Item("10", "mugs", 9.5f, "Mug, \"large\"", "img/10.png"),
                new Item("sku-2", null, Float.NaN, null, null),
                new Item("13", "mugs", 0f, "Free mug", null)), items);
        assertEquals("items", r.format());
        assertEquals(6, r.rows());
        assertEquals(3, r.rejected());
        assertConsistent(r);
        List<QRow> q = ReaderFixtures.quarantine(r.quarantineFile());
        assertEquals(List.of(4L, 5L, 6L), q.stream().map(QRow::line).toList());
        assertEquals(List.of("price -1.0 is negative", "price 'cheap' is not a number", "item is empty"),
                q.stream().map(QRow::reason).toList());
    }

    @Test
    void sinkRejectionsAreQuarantined() {
        Path file = write(dir.resolve("items.csv"), "item_id\n1\n2\n1\n");
        Set<String> seen = new HashSet<>();
        LoadReport r = new ItemsCsvReader().read(file, (item, category, price, title, image) -> {
            if (!seen.add(item)) {
                throw new BadRowException("item '" + item + "' is listed twice");
            }
        }, lenient());
        assertEquals(1, r.rejected());
        QRow row = ReaderFixtures.quarantine(r.quarantineFile()).get(0);
        assertEquals(4, row.line());
        assertEquals("item '1' is listed twice", row.reason());
    }

    @Test
    void itemsHeaderNeedsAnItemColumn() {
        Path file = write(dir.resolve("items.csv"), "sku,title\n1,a\n");
        DataException e = assertThrows(DataException.class,
                () -> new ItemsCsvReader().read(file, (item, category, price, title, image) -> { }, lenient()));
        assertTrue(e.getMessage().contains("lacks the required column 'item'"), e.getMessage());
    }

    @Test
    void usersWithAliasesAndBadRows() {
        Path file = write(dir.resolve("users.csv"), String.join("\r\n",
                "user_id,age,gender,city",
                "1,25-34,f,Hangzhou",
                "2,,,",
                ",18-24,m,Beijing",
                "3,35-44,m") + "\r\n");
        List<User> users = new ArrayList<>();
        LoadReport r = new UsersCsvReader().read(file, (user, age, gender, region) ->
                users.add(new User(user, age, gender, region)), lenient());
        assertEquals(List.of(new User("1", "25-34", "f", "Hangzhou"), new User("2", null, null, null)), users);
        assertEquals("users", r.format());
        assertEquals(2, r.rejected());
        assertConsistent(r);
        assertEquals(List.of("user is empty", "expected 4 columns, found 3"),
                ReaderFixtures.quarantine(r.quarantineFile()).stream().map(QRow::reason).toList());
    }

    @Test
    void usersHeaderNeedsAUserColumn() {
        Path file = write(dir.resolve("users.csv"), "age_band,gender\n25-34,f\n");
        DataException e = assertThrows(DataException.class,
                () -> new UsersCsvReader().read(file, (user, age, gender, region) -> { }, lenient()));
        assertTrue(e.getMessage().contains("lacks the required column 'user'"), e.getMessage());
    }
}
