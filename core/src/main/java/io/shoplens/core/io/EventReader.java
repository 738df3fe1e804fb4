package io.shoplens.core.io;

import io.shoplens.core.data.EventSink;
import java.nio.file.Path;

/** Reads one file of behaviour events in some format, streaming, into a sink. */
public interface EventReader {
    /**
     * Reads {@code file} (plain or gzip) and passes every valid row to {@code sink} in file order; invalid rows
     * go to the quarantine. Fails with a {@link io.shoplens.core.data.DataException} when the file is missing,
     * empty, corrupt, has no valid row, or more rejected rows than allowed.
     */
    LoadReport read(Path file, EventSink sink, LoadOptions options);
}
