package io.shoplens.predict.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.DataException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");
    @TempDir
    Path dir;

    @Test
    void readsGzipAndPlainFiles() throws IOException {
        Path im = write("im.gz", true, images(0x803, 2, 2, 3, new byte[] {0, 1, 2, (byte) 255, 4, 5, 6, 7, 8, 9, 10, 11}));
        Path lb = write("lb", false, labels(0x801, 2, new byte[] {2, 0}));
        ImageSet s = Idx.read(im, lb, CLASSES);
        assertEquals(2, s.size());
        assertEquals(2, s.rows());
        assertEquals(3, s.cols());
        assertArrayEquals(new int[] {2, 0}, s.labels());
        assertEquals(1f, s.image(0)[3]);
    }

    @Test
    void badFilesFailNamingTheProblem() throws IOException {
        Path lb = write("lb", false, labels(0x801, 2, new byte[] {2, 0}));
        Path wrongMagic = write("bad", false, images(0x801, 2, 2, 3, new byte[12]));
        DataException e = assertThrows(DataException.class, () -> Idx.read(wrongMagic, lb, CLASSES));
        assertTrue(e.getMessage().contains("not an IDX images file"), e.getMessage());
        Path three = write("three", false, images(0x803, 3, 2, 3, new byte[18]));
        e = assertThrows(DataException.class, () -> Idx.read(three, lb, CLASSES));
        assertTrue(e.getMessage().contains("3 images but"), e.getMessage());
        Path truncated = write("short", false, images(0x803, 2, 2, 3, new byte[5]));
        e = assertThrows(DataException.class, () -> Idx.read(truncated, lb, CLASSES));
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
        Path big = write("big", false, labels(0x801, 2, new byte[] {7, 0}));
        Path ok = write("ok", false, images(0x803, 2, 2, 3, new byte[12]));
        e = assertThrows(DataException.class, () -> Idx.read(ok, big, CLASSES));
        assertTrue(e.getMessage().contains("label 7"), e.getMessage());
        e = assertThrows(DataException.class, () -> Idx.fashionMnist(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    private static byte[] images(int magic, int n, int rows, int cols, byte[] px) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(magic);
        d.writeInt(n);
        d.writeInt(rows);
        d.writeInt(cols);
        d.write(px);
        return b.toByteArray();
    }

    private static byte[] labels(int magic, int n, byte[] y) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(magic);
        d.writeInt(n);
        d.write(y);
        return b.toByteArray();
    }

    private Path write(String name, boolean gzip, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(bytes);
        }
        return p;
    }
}
