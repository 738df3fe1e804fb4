package io.shoplens.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.zip.CRC32;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class Crc32CombineTest {

    @Property(tries = 200)
    void combiningEqualsTheCrcOfTheConcatenation(@ForAll @Size(max = 300) byte[] a,
            @ForAll @Size(max = 300) byte[] b) {
        byte[] ab = new byte[a.length + b.length];
        System.arraycopy(a, 0, ab, 0, a.length);
        System.arraycopy(b, 0, ab, a.length, b.length);
        assertEquals(crc(ab), Crc32Combine.combine(crc(a), crc(b), b.length));
    }

    private static int crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return (int) c.getValue();
    }
}
