package io.shoplens.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymizerTest {
    @TempDir
    Path dir;

    @Test
    void stableUnderTheKeyAndDifferentAcrossKeys() {
        Pseudonymizer a = new Pseudonymizer("key-one-sixteen-bytes".getBytes(StandardCharsets.UTF_8));
        Pseudonymizer a2 = new Pseudonymizer("key-one-sixteen-bytes".getBytes(StandardCharsets.UTF_8));
        Pseudonymizer b = new Pseudonymizer("key-two-sixteen-bytes".getBytes(StandardCharsets.UTF_8));
        assertEquals(a.pseudonym("12345"), a2.pseudonym("12345"));
        assertNotEquals(a.pseudonym("12345"), b.pseudonym("12345"));
        assertNotEquals(a.pseudonym("12345"), a.pseudonym("12346"));
        assertEquals(32, a.pseudonym("12345").length());
    }

    @Test
    void matchesRfc4231TestCase1() {
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);
        // HMAC-SHA256 = b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7; the first 128 bits
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b", new Pseudonymizer(key).pseudonym("Hi There"));
    }

    @Test
    void keyComesFromTheFileBeforeTheEnvironmentAndShortKeysFail() throws Exception {
        Path f = Files.writeString(dir.resolve("key"), "file-key-0123456789\n");
        Pseudonymizer fromFile = Pseudonymizer.fromFileOrEnv(f, "env-key-0123456789");
        assertEquals(new Pseudonymizer("file-key-0123456789".getBytes(StandardCharsets.UTF_8)).pseudonym("7"),
                fromFile.pseudonym("7"));
        assertEquals(new Pseudonymizer("env-key-0123456789".getBytes(StandardCharsets.UTF_8)).pseudonym("7"),
                Pseudonymizer.fromFileOrEnv(null, "env-key-0123456789").pseudonym("7"));
        assertNull(Pseudonymizer.fromFileOrEnv(null, null));
        assertThrows(IllegalArgumentException.class, () -> new Pseudonymizer(new byte[8]));
    }
}
