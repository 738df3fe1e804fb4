package io.shoplens.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.shoplens.core.data.DataException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The on-disk form of every model: a header (magic, format version, algorithm name, provenance as JSON) and the
 * model's own payload. Writes go to a temporary file in the same folder that is moved over the target
 * atomically, so a reader sees the old model or the new one, never half of one.
 */
public final class ModelFiles {
    private static final String MAGIC = "SHOPLENS-MODEL";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ModelFiles() {
    }

    /** Writes a model's payload. */
    @FunctionalInterface
    public interface PayloadWriter {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads a model's payload back into a model. */
    @FunctionalInterface
    public interface PayloadReader<M> {
        M read(DataInputStream in, Provenance provenance) throws IOException;
    }

    /** Writes {@code provenance} and the payload to {@code target} atomically. */
    public static void write(Path target, Provenance provenance, PayloadWriter payload) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
                    1 << 16))) {
                out.writeUTF(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(provenance.algorithm());
                byte[] json = JSON.writeValueAsBytes(provenance);
                out.writeInt(json.length);
                out.write(json);
                payload.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DataException("cannot save model to " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    throw new DataException("cannot remove temporary file " + tmp + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** The algorithm name in the header of {@code file}, to pick the payload reader. */
    public static String algorithmOf(Path file) {
        try (DataInputStream in = open(file)) {
            return header(in, file);
        } catch (IOException e) {
            throw new DataException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a model written by {@link #write}; the payload reader must match the algorithm. */
    public static <M> M read(Path file, String expectedAlgorithm, PayloadReader<M> payload) {
        try (DataInputStream in = open(file)) {
            String algorithm = header(in, file);
            if (!algorithm.equals(expectedAlgorithm)) {
                throw new DataException("model file " + file + " holds a " + algorithm + " model, not "
                        + expectedAlgorithm);
            }
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Provenance provenance = JSON.readValue(json, Provenance.class);
            return payload.read(in, provenance);
        } catch (IOException e) {
            throw new DataException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataException("model file " + file + " does not exist");
        }
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    private static String header(DataInputStream in, Path file) throws IOException {
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            throw new DataException("file " + file + " is not a Shoplens model", e);
        }
        if (!MAGIC.equals(magic)) {
            throw new DataException("file " + file + " is not a Shoplens model");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new DataException("model file " + file + " has format " + format + "; this Shoplens reads "
                    + FORMAT);
        }
        return in.readUTF();
    }
}
