package io.shoplens.core.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * The heap a training needs beyond its input data, estimated from the data's shape and the trainer's parameters
 * before it starts: the sum of named parts (factor tables, neighbour lists, scratch space), plus the parameters
 * that change it ({@link Knob}s), so that {@link MemoryGuard} can say which setting would fit.
 *
 * <p>Parts are the largest structures alive at the training's peak, each in bytes of Java arrays (16 bytes of
 * header per array; objects are avoided in the big structures). Sizes beyond Java's array limit of
 * {@link #MAX_ARRAY} elements are reported by {@link #arrayLimit} instead.
 *
 * <p>Native parts ({@link #nativeParts}) are memory outside the Java heap, such as the deep-learning engine's
 * tensors: {@link MemoryGuard} compares them with the machine's available memory, not with the heap.
 *
 * @param model       the algorithm's registry name
 * @param parts       heap bytes per named part, in a stable order
 * @param nativeParts off-heap bytes per named part
 * @param knobs       parameters that shrink the estimate, most useful first
 * @param arrayLimit  null, or a sentence naming the structure that would exceed Java's array limit
 */
public record MemoryEstimate(String model, Map<String, Long> parts, Map<String, Long> nativeParts, List<Knob> knobs,
                             String arrayLimit) {
    /** The largest length of a Java array. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    public MemoryEstimate {
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        nativeParts = Collections.unmodifiableMap(new LinkedHashMap<>(nativeParts));
        knobs = List.copyOf(knobs);
    }

    /**
     * A parameter that changes the estimate monotonically between its current value and {@code limit}.
     *
     * @param param   the parameter's name as the user sets it, e.g. {@code rank} or {@code minItemSupport}
     * @param current its value now
     * @param limit   the furthest value worth trying (smaller than {@code current} for a parameter that shrinks
     *                memory when lowered, larger when raised)
     * @param bytesAt the whole estimate's heap bytes with the parameter set to a value between {@code current}
     *                and {@code limit}, the others unchanged
     * @param nativeBytesAt the whole estimate's native bytes at such a value, or null when the parameter does not
     *                change native memory
     */
    public record Knob(String param, long current, long limit, LongUnaryOperator bytesAt,
                       LongUnaryOperator nativeBytesAt) {
        /** A knob of the heap only. */
        public Knob(String param, long current, long limit, LongUnaryOperator bytesAt) {
            this(param, current, limit, bytesAt, null);
        }
    }

    /** Total heap bytes: the sum of the heap parts. */
    public long bytes() {
        return sum(parts);
    }

    /** Total off-heap bytes: the sum of the native parts. */
    public long nativeBytes() {
        return sum(nativeParts);
    }

    private static long sum(Map<String, Long> m) {
        long sum = 0;
        for (long b : m.values()) {
            sum += b;
        }
        return sum;
    }

    /** "factors 1.20 GB, neighbour lists 3.40 GB" (heap parts) for messages. */
    public String breakdown() {
        return breakdown(parts);
    }

    /** The native parts as {@link #breakdown()} writes the heap parts. */
    public String nativeBreakdown() {
        return breakdown(nativeParts);
    }

    private static String breakdown(Map<String, Long> m) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : m.entrySet()) {
            if (e.getValue() > 0) {
                out.add(e.getKey() + " " + gb(e.getValue()));
            }
        }
        return out.isEmpty() ? "nothing large" : String.join(", ", out);
    }

    /** Bytes as "1.23 GB" (decimal gigabytes, as heap sizes are printed everywhere in Shoplens). */
    public static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    /** Bytes of a {@code float[n]} or {@code int[n]}. */
    public static long ints(long n) {
        return 16 + 4 * n;
    }

    /** Bytes of a {@code long[n]} or {@code double[n]}. */
    public static long longs(long n) {
        return 16 + 8 * n;
    }

    /** Starts an estimate for {@code model}. */
    public static Builder of(String model) {
        return new Builder(model);
    }

    /** Collects parts and knobs. */
    public static final class Builder {
        private final String model;
        private final Map<String, Long> parts = new LinkedHashMap<>();
        private final Map<String, Long> nativeParts = new LinkedHashMap<>();
        private final List<Knob> knobs = new ArrayList<>();
        private String arrayLimit;

        private Builder(String model) {
            this.model = model;
        }

        /** Adds {@code bytes} under {@code name} (added to an existing part of that name). */
        public Builder part(String name, long bytes) {
            parts.merge(name, bytes, Long::sum);
            return this;
        }

        /** Adds {@code bytes} of off-heap memory under {@code name}. */
        public Builder nativePart(String name, long bytes) {
            nativeParts.merge(name, bytes, Long::sum);
            return this;
        }

        /** Adds every heap and native part and knob of {@code other} (a component of this training). */
        public Builder include(String prefix, MemoryEstimate other) {
            other.parts().forEach((k, v) -> part(prefix + k, v));
            other.nativeParts().forEach((k, v) -> nativePart(prefix + k, v));
            if (arrayLimit == null) {
                arrayLimit = other.arrayLimit();
            }
            return this;
        }

        /** Notes that the structure {@code name} needs an array of {@code elements} elements, if over the limit. */
        public Builder array(String name, long elements) {
            if (elements > MAX_ARRAY && arrayLimit == null) {
                arrayLimit = String.format(Locale.ROOT, "%s would need an array of %,d elements, over Java's "
                        + "limit of %,d", name, elements, MAX_ARRAY);
            }
            return this;
        }

        /** Adds a knob of the heap. */
        public Builder knob(String param, long current, long limit, LongUnaryOperator bytesAt) {
            return knob(param, current, limit, bytesAt, null);
        }

        /**
         * Adds a knob that changes the heap ({@code bytesAt}) and native memory ({@code nativeBytesAt}, null when
         * it does not); see {@link Knob}.
         */
        public Builder knob(String param, long current, long limit, LongUnaryOperator bytesAt,
                            LongUnaryOperator nativeBytesAt) {
            if (current != limit) {
                knobs.add(new Knob(param, current, limit, bytesAt, nativeBytesAt));
            }
            return this;
        }

        /** The estimate. */
        public MemoryEstimate build() {
            return new MemoryEstimate(model, parts, nativeParts, knobs, arrayLimit);
        }
    }
}
