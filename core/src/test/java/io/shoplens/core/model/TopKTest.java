package io.shoplens.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TopKTest {
    @Test
    void bestFirstWithTiesToTheLowerIndex() {
        float[] v = {1f, 3f, 3f, Float.NaN, 2f, 3f};
        int[] out = new int[4];
        assertEquals(4, TopK.selectAll(v, 4, i -> i == 5, out));
        assertArrayEquals(new int[] {1, 2, 4, 0}, out, "NaN and excluded indexes are skipped");
        int[] some = new int[2];
        assertEquals(2, TopK.select(new int[] {5, 0, 2}, 3, v, 2, some));
        assertArrayEquals(new int[] {2, 5}, some);
        assertEquals(0, TopK.select(new int[] {1}, 1, v, 0, new int[0]));
    }

    @Property(tries = 200)
    void agreesWithAFullSort(@ForAll @Size(max = 60) float[] raw, @ForAll @IntRange(min = 0, max = 70) int k) {
        float[] v = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            v[i] = Float.isNaN(raw[i]) ? 0f : Math.round(raw[i]) % 5;
        }
        int[] expected = IntStream.range(0, v.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -v[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        int[] out = new int[Math.min(k, v.length)];
        int n = TopK.selectAll(v, k, null, out);
        assertArrayEquals(expected, Arrays.copyOf(out, n));
        int[] all = IntStream.range(0, v.length).toArray();
        int[] viaSelect = new int[Math.min(k, v.length)];
        assertArrayEquals(expected, Arrays.copyOf(viaSelect, TopK.select(all, all.length, v, k, viaSelect)));
    }
}
