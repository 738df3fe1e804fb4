package io.shoplens.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.io.ReaderFixtures.QRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineTest {
    @TempDir
    Path dir;

    @Test
    void noRejectionMeansNoFile() {
        Path q = dir.resolve("q");
        try (Quarantine quarantine = new Quarantine(dir.resolve("events.csv"), q)) {
            assertNull(quarantine.file());
            assertEquals(0, quarantine.count());
        }
        assertFalse(Files.exists(q));
    }

    @Test
    void rowsAreEscapedAndCountedByKindOfReason() {
        Path source = dir.resolve("in").resolve("events.csv");
        Path q = dir.resolve("q").resolve("nested");
        Quarantine quarantine = new Quarantine(source, q);
        quarantine.reject(3, "user 'a\tb' is not an integer", "a\tb,c\\d");
        quarantine.reject(7, "user 'x' is not an integer", "x,1");
        quarantine.reject(12, "expected 5 columns, found 4", "1,2,3,4\r");
        quarantine.close();
        assertEquals(q.resolve("events.csv.rejected.tsv"), quarantine.file());
        assertEquals(3, quarantine.count());
        assertEquals(Map.of("user '…' is not an integer", 2L, "expected N columns, found N", 1L),
                quarantine.byReason());
        assertEquals(List.of("line 3: user 'a\tb' is not an integer", "line 7: user 'x' is not an integer",
                "line 12: expected 5 columns, found 4"), quarantine.examples());
        assertEquals(List.of(
                new QRow(source.toString(), 3, "user 'a\\tb' is not an integer", "a\\tb,c\\\\d"),
                new QRow(source.toString(), 7, "user 'x' is not an integer", "x,1"),
                new QRow(source.toString(), 12, "expected 5 columns, found 4", "1,2,3,4\\r")),
                ReaderFixtures.quarantine(quarantine.file()));
    }

    @Test
    void aRowThatIsNotValidTextIsWrittenWithReplacementCharacters() throws Exception {
        Path q = dir.resolve("q");
        try (Quarantine quarantine = new Quarantine(dir.resolve("bin.csv"), q)) {
            quarantine.reject(1, "expected 5 columns, found 1", "ab\uD800cd");
        }
        String written = Files.readString(q.resolve("bin.csv.rejected.tsv"));
        assertTrue(written.endsWith("\t1\texpected 5 columns, found 1\tab?cd\n"), written);
    }

    @Test
    void onlyTheFirstFewExamplesAreKept() {
        try (Quarantine quarantine = new Quarantine(dir.resolve("e.csv"), dir)) {
            for (int i = 1; i <= 20; i++) {
                quarantine.reject(i, "blank line", "");
            }
            assertEquals(Quarantine.EXAMPLES, quarantine.examples().size());
            assertEquals(Map.of("blank line", 20L), quarantine.byReason());
        }
    }

    @Test
    void reasonKindsReplaceQuotedTextAndNumbers() {
        assertEquals("timestamp N is out of range", Quarantine.reasonKind("timestamp -86400 is out of range"));
        assertEquals("rating N is not in [N, N]", Quarantine.reasonKind("rating 6.0 is not in [0.5, 5]"));
        assertEquals("StockCode '…' is a service charge",
                Quarantine.reasonKind("StockCode 'POST' is a service charge"));
    }
}
