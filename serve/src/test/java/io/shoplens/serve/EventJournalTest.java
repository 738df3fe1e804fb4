package io.shoplens.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalTest {
    private static LiveEvent ev(String user, String item) {
        return new LiveEvent(0, user, item, Behavior.CART, 1_512_000_000L);
    }

    @Test
    void replaysWhatWasAcknowledgedAndNumbersInOrder(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("j");
        List<LiveEvent> heard = new CopyOnWriteArrayList<>();
        try (EventJournal j = EventJournal.open(f, heard::addAll)) {
            assertEquals(List.of(1L, 2L), j.append(List.of(ev("u1", "a"), ev("u2", "b"))).get().stream()
                    .map(LiveEvent::seq).toList());
            assertEquals(3L, j.append(List.of(ev("ü-3", "c"))).get().get(0).seq());
        }
        assertEquals(3, heard.size());
        try (EventJournal j = EventJournal.open(f, e -> { })) {
            assertEquals(heard, j.replayed());
            assertEquals(4L, j.append(List.of(ev("u4", "d"))).get().get(0).seq());
        }
        assertEquals(4, EventJournal.read(f, 4).size());
    }

    @Test
    void cutsOffATornLastRecord(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("j");
        try (EventJournal j = EventJournal.open(f, e -> { })) {
            for (int i = 0; i < 5; i++) {
                j.append(List.of(ev("u" + i, "item" + i))).get();
            }
        }
        long full = Files.size(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(full - 3);
        }
        try (EventJournal j = EventJournal.open(f, e -> { })) {
            assertEquals(4, j.replayed().size());
            assertEquals(5L, j.append(List.of(ev("u9", "x"))).get().get(0).seq());
        }
        try (EventJournal j = EventJournal.open(f, e -> { })) {
            assertEquals(List.of("u0", "u1", "u2", "u3", "u9"), j.replayed().stream().map(LiveEvent::user).toList());
        }
    }

    @Test
    void cutsOffACorruptLastRecord(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("j");
        try (EventJournal j = EventJournal.open(f, e -> { })) {
            j.append(List.of(ev("u0", "a"), ev("u1", "b"))).get();
        }
        byte[] b = Files.readAllBytes(f);
        b[b.length - 2] ^= 0x55;
        Files.write(f, b);
        try (EventJournal j = EventJournal.open(f, e -> { })) {
            assertEquals(1, j.replayed().size());
        }
    }

    @Test
    void refusesAFileThatIsNotAJournal(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("j");
        Files.writeString(f, "user,item\n");
        assertThrows(DataException.class, () -> EventJournal.open(f, e -> { }));
    }

    @Test
    void groupCommitCoversConcurrentAppenders(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("j");
        List<Thread> threads = new ArrayList<>();
        try (EventJournal j = EventJournal.open(f, e -> { })) {
            for (int t = 0; t < 8; t++) {
                int id = t;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        j.append(List.of(ev("t" + id, "i" + i))).join();
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(400, j.lastSeq());
        }
        assertEquals(400, EventJournal.read(f, 400).size());
    }
}
