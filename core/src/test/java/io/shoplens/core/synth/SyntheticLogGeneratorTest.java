package io.shoplens.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, exact counts, file formats and edge cases of {@link SyntheticLogGenerator}. */
class SyntheticLogGeneratorTest {
    private static final GeneratorConfig CFG = GeneratorConfig.small(300_000, 3_000, 20_000, 120, 9, 7);

    @TempDir
    Path dir;

    @Test
    void sameConfigGivesByteIdenticalFilesWhateverTheThreadCount() throws IOException {
        Path[] one = generate(new SyntheticLogGenerator(1), CFG, "one", ".csv.gz");
        Path[] three = generate(new SyntheticLogGenerator(3), CFG, "three", ".csv.gz");
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(Files.readAllBytes(one[i]), Files.readAllBytes(three[i]), one[i].toString());
        }
        Path[] other = generate(new SyntheticLogGenerator(2), CFG.withSeed(8), "other", ".csv.gz");
        assertFalse(Arrays.equals(Files.readAllBytes(one[0]), Files.readAllBytes(other[0])));
    }

    @Test
    void gzipAndPlainOutputsHaveTheSameContent() throws IOException {
        Path[] gz = generate(new SyntheticLogGenerator(2), CFG, "gz", ".csv.gz");
        Path[] plain = generate(new SyntheticLogGenerator(2), CFG, "plain", ".csv");
        for (int i = 0; i < gz.length; i++) {
            byte[] unpacked = EventLog.decompressedBytes(gz[i]);
            assertArrayEquals(Files.readAllBytes(plain[i]), unpacked, gz[i].toString());
        }
        byte[] head = Arrays.copyOf(Files.readAllBytes(gz[0]), 2);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, head);
        String first = new String(Files.readAllBytes(plain[0]), 0, 200, java.nio.charset.StandardCharsets.US_ASCII)
                .split("\n")[0];
        assertTrue(first.matches("1,\\d{7},\\d{7},(pv|cart|fav|buy),\\d{10}"), first);
    }

    @Test
    void progressIsCumulativeAndEndsAtTheTotal() throws IOException {
        List<Long> calls = new ArrayList<>();
        GenerationResult r = new SyntheticLogGenerator(2).generate(CFG, dir.resolve("p.csv.gz"), null, null, null,
                calls::add);
        assertEquals(CFG.events(), r.events());
        assertEquals(CFG.events(), calls.get(calls.size() - 1));
        assertTrue(calls.size() >= 3, "calls " + calls);
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i) > calls.get(i - 1), "increasing " + calls);
            assertTrue(calls.get(i) - calls.get(i - 1) < 200_000, "about every 100k " + calls);
        }
    }

    @Test
    void edgeSizesStillWriteExactlyTheConfiguredEvents() throws IOException {
        GeneratorConfig[] configs = {
            GeneratorConfig.small(500, 2_000, 300, 10, 1, 1),
            GeneratorConfig.small(400_000, 1, 5, 1, 2, 2),
            GeneratorConfig.small(0, 10, 10, 10, 3, 3),
            GeneratorConfig.small(77_777, 77_777, 1, 1, 9, 4),
            GeneratorConfig.small(40_000, 25, 1_000, 1_000, 366, 5),
        };
        SyntheticLogGenerator generator = new SyntheticLogGenerator(2);
        for (GeneratorConfig cfg : configs) {
            Path events = dir.resolve("edge.csv");
            GenerationResult r = generator.generate(cfg, events, null, null, null, null);
            EventLog log = EventLog.load(events);
            assertEquals(cfg.events(), log.size, cfg.toString());
            assertEquals(cfg.events(), r.events());
            assertEquals(cfg.events(), r.pv() + r.cart() + r.fav() + r.buy());
            for (int i = 0; i < log.size; i++) {
                if (log.time[i] < cfg.startEpochSecond() || log.time[i] >= cfg.endEpochSecond()) {
                    fail("timestamp out of the window at line " + (i + 1) + " for " + cfg);
                }
                if (i > 0 && (log.user[i] < log.user[i - 1]
                        || (log.user[i] == log.user[i - 1] && log.time[i] < log.time[i - 1]))) {
                    fail("not grouped by user and sorted in time at line " + (i + 1) + " for " + cfg);
                }
            }
        }
    }

    @Test
    void rejectsMissingArgumentsAndBadThreadCounts() {
        SyntheticLogGenerator generator = new SyntheticLogGenerator();
        assertThrows(NullPointerException.class,
                () -> generator.generate(null, dir.resolve("x.csv"), null, null, null, null));
        assertThrows(NullPointerException.class, () -> generator.generate(CFG, null, null, null, null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SyntheticLogGenerator(0));
        assertEquals("threads must be >= 1, got 0", e.getMessage());
    }

    @Test
    void anUnwritableFileFailsWithAnIoException() {
        Path missing = dir.resolve("no-such-dir").resolve("events.csv.gz");
        assertThrows(IOException.class,
                () -> new SyntheticLogGenerator(2).generate(CFG, missing, null, null, null, null));
    }

    private Path[] generate(SyntheticLogGenerator generator, GeneratorConfig cfg, String name, String ext)
            throws IOException {
        Path[] files = {
            dir.resolve(name + "-events" + ext), dir.resolve(name + "-items" + ext),
            dir.resolve(name + "-users" + ext), dir.resolve(name + "-truth" + ext)};
        generator.generate(cfg, files[0], files[1], files[2], files[3], null);
        return files;
    }
}
