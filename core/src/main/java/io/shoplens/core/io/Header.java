package io.shoplens.core.io;

import io.shoplens.core.data.DataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Column positions of a CSV header, looked up by name ignoring case and surrounding blanks. */
final class Header {
    private final Path file;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    private Header(Path file) {
        this.file = file;
    }

    /** Splits the header line with {@code fields} and indexes its names. */
    static Header of(LineSource line, Fields fields) {
        Header h = new Header(line.file());
        int n;
        try {
            n = fields.split(line.buffer(), line.start(), line.end());
        } catch (BadRowException e) {
            throw new DataException("file " + line.file() + ", line 1: bad header (" + e.getMessage() + ")");
        }
        for (int i = 0; i < n; i++) {
            String name = fields.string(i);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            h.names.add(name);
            h.index.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
        }
        fields.names(h.names.toArray(new String[0]));
        return h;
    }

    /** The position of the first of {@code aliases} present, or fails naming the missing column. */
    int require(String... aliases) {
        int i = optional(aliases);
        if (i < 0) {
            throw new DataException("file " + file + ", line 1: header " + names + " lacks the required column '"
                    + aliases[0] + "'");
        }
        return i;
    }

    /** The position of the first of {@code aliases} present, or -1. */
    int optional(String... aliases) {
        for (String a : aliases) {
            Integer i = index.get(a.toLowerCase(Locale.ROOT));
            if (i != null) {
                return i;
            }
        }
        return -1;
    }

    /** Number of columns. */
    int size() {
        return names.size();
    }
}
