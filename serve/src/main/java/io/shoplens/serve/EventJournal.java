package io.shoplens.serve;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, durable log of ingested events: one file of records {@code [int length][int crc32][payload]}
 * after a 4-byte magic, payload {@code seq (long), time (long), behaviour code (byte), user (UTF), item (UTF)}.
 *
 * <p>Durability (group commit): one writer thread takes every batch waiting in the queue, writes them in one
 * go, calls {@link FileChannel#force(boolean) force(false)} (fdatasync) and only then hands the events to the
 * listener and completes the callers' futures. A request is acknowledged only after the fsync that covers its
 * events, so an acknowledged event survives a crash of the process or of the machine. On open the journal is
 * replayed; a torn or corrupt record at the end (a crash during a write) is cut off, and the number of bytes
 * dropped is logged.
 *
 * <p>Thread-safe: {@link #append} may be called from any thread.
 */
public final class EventJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    private static final byte[] MAGIC = {'S', 'L', 'J', '1'};
    /** Largest payload accepted on replay; longer lengths mean a corrupt record. */
    private static final int MAX_RECORD = 1 << 16;

    private record Pending(List<LiveEvent> events, CompletableFuture<List<LiveEvent>> done) {
    }

    private static final Pending STOP = new Pending(List.of(), new CompletableFuture<>());

    private final Path file;
    private final FileChannel channel;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Consumer<List<LiveEvent>> listener;
    private final Thread writer;
    private final List<LiveEvent> replayed;
    private volatile boolean closed;
    private long nextSeq;
    private volatile long lastSeq;
    private volatile long syncs;

    private EventJournal(Path file, FileChannel channel, List<LiveEvent> replayed, Consumer<List<LiveEvent>> listener) {
        this.file = file;
        this.channel = channel;
        this.replayed = List.copyOf(replayed);
        this.listener = listener;
        this.lastSeq = replayed.isEmpty() ? 0 : replayed.get(replayed.size() - 1).seq();
        this.nextSeq = lastSeq + 1;
        this.writer = new Thread(this::writeLoop, "journal-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens (or creates) the journal at {@code file}, replays it, cuts off a torn tail, and starts the writer.
     * Events appended later are passed to {@code listener} on the writer thread, in order, after their fsync
     * and before the appender's future completes.
     */
    public static EventJournal open(Path file, Consumer<List<LiveEvent>> listener) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            List<LiveEvent> events = new ArrayList<>();
            if (fresh) {
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(MAGIC), 0);
                ch.force(true);
                syncDirectory(dir);
            } else {
                replay(ch, file, events);
            }
            ch.position(ch.size());
            EventJournal j = new EventJournal(file, ch, events, listener);
            j.writer.start();
            LOG.info("journal {}: {} events replayed", file, events.size());
            return j;
        } catch (IOException e) {
            throw new DataException("cannot open event journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The events found in the file when it was opened, in order. */
    public List<LiveEvent> replayed() {
        return replayed;
    }

    /** The sequence number of the last durable event, 0 when there is none. */
    public long lastSeq() {
        return lastSeq;
    }

    /** How many fsyncs the writer has made (each covers one or more batches). */
    public long syncs() {
        return syncs;
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    /**
     * Queues {@code events} (their {@code seq} is ignored) and returns a future that completes with the events
     * and their sequence numbers once they are on disk, or fails when they could not be written.
     */
    public CompletableFuture<List<LiveEvent>> append(List<LiveEvent> events) {
        if (closed) {
            throw new IllegalStateException("the event journal " + file + " is closed");
        }
        Pending p = new Pending(List.copyOf(events), new CompletableFuture<>());
        queue.add(p);
        return p.done();
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch);
            if (batch.remove(STOP)) {
                stop = true;
            }
            if (batch.isEmpty()) {
                continue;
            }
            List<LiveEvent> written = new ArrayList<>();
            List<List<LiveEvent>> perCaller = new ArrayList<>(batch.size());
            bytes.reset();
            long seq = nextSeq;
            long start = -1;
            try {
                start = channel.position();
                for (Pending p : batch) {
                    List<LiveEvent> numbered = new ArrayList<>(p.events().size());
                    for (LiveEvent e : p.events()) {
                        LiveEvent n = e.withSeq(seq++);
                        encode(n, bytes);
                        numbered.add(n);
                    }
                    perCaller.add(numbered);
                    written.addAll(numbered);
                }
                ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                channel.force(false);
                syncs++;
            } catch (IOException | RuntimeException e) {
                LOG.error("journal {}: write failed; {} batches not acknowledged", file, batch.size(), e);
                for (Pending p : batch) {
                    p.done().completeExceptionally(e);
                }
                truncateAfterFailure(start);
                continue;
            }
            nextSeq = seq;
            lastSeq = seq - 1;
            listener.accept(written);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(perCaller.get(i));
            }
        }
    }

    /** Cuts off whatever part of a failed batch reached the file, so no unacknowledged record stays. */
    private void truncateAfterFailure(long start) {
        try {
            if (start >= 0) {
                channel.truncate(start);
                channel.position(start);
            }
        } catch (IOException e) {
            LOG.error("journal {}: cannot cut off a failed write; refusing further appends", file, e);
            closed = true;
        }
    }

    private static void encode(LiveEvent e, ByteArrayOutputStream bytes) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(payload)) {
            out.writeLong(e.seq());
            out.writeLong(e.time());
            out.writeByte(e.behavior().code());
            out.writeUTF(e.user());
            out.writeUTF(e.item());
        }
        byte[] p = payload.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(p);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(p.length);
        out.writeInt((int) crc.getValue());
        out.write(p);
    }

    private static void replay(FileChannel ch, Path file, List<LiveEvent> out) throws IOException {
        long size = ch.size();
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length);
        readFully(ch, head, 0);
        if (head.position() < MAGIC.length || !java.util.Arrays.equals(head.array(), MAGIC)) {
            throw new DataException("file " + file + " is not a Shoplens event journal (bad magic)");
        }
        long pos = MAGIC.length;
        ByteBuffer lenCrc = ByteBuffer.allocate(8);
        long expectedSeq = 1;
        String problem = null;
        while (pos < size) {
            lenCrc.clear();
            readFully(ch, lenCrc, pos);
            if (lenCrc.position() < 8) {
                problem = "torn record header";
                break;
            }
            lenCrc.flip();
            int len = lenCrc.getInt();
            int crcValue = lenCrc.getInt();
            if (len <= 0 || len > MAX_RECORD || pos + 8 + len > size) {
                problem = "torn or oversized record of " + len + " bytes";
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(len);
            readFully(ch, payload, pos + 8);
            CRC32 crc = new CRC32();
            crc.update(payload.array());
            if ((int) crc.getValue() != crcValue) {
                problem = "checksum mismatch";
                break;
            }
            LiveEvent e = decode(payload.array());
            if (e == null || e.seq() != expectedSeq) {
                problem = "record out of sequence";
                break;
            }
            out.add(e);
            expectedSeq++;
            pos += 8 + len;
        }
        if (problem != null) {
            LOG.warn("journal {}: {} at byte {}; cutting off the last {} bytes (never acknowledged)", file, problem,
                    pos, size - pos);
            ch.truncate(pos);
            ch.force(true);
        }
    }

    /**
     * Reads the events of the journal at {@code file} with sequence numbers up to {@code upToSeq}, without
     * changing the file (for retraining while the journal is open; records past {@code upToSeq} may be in
     * flight and are not read).
     */
    public static List<LiveEvent> read(Path file, long upToSeq) {
        List<LiveEvent> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = MAGIC.length;
            ByteBuffer lenCrc = ByteBuffer.allocate(8);
            while (pos + 8 <= size && (out.isEmpty() || out.get(out.size() - 1).seq() < upToSeq)) {
                lenCrc.clear();
                readFully(ch, lenCrc, pos);
                lenCrc.flip();
                int len = lenCrc.getInt();
                lenCrc.getInt();
                if (len <= 0 || len > MAX_RECORD || pos + 8 + len > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(len);
                readFully(ch, payload, pos + 8);
                LiveEvent e = decode(payload.array());
                if (e == null || e.seq() > upToSeq) {
                    break;
                }
                out.add(e);
                pos += 8 + len;
            }
        } catch (IOException e) {
            throw new DataException("cannot read event journal " + file + ": " + e.getMessage(), e);
        }
        if (upToSeq > 0 && (out.isEmpty() || out.get(out.size() - 1).seq() != upToSeq)) {
            throw new DataException("event journal " + file + " holds events up to "
                    + (out.isEmpty() ? 0 : out.get(out.size() - 1).seq()) + ", expected up to " + upToSeq);
        }
        return out;
    }

    private static LiveEvent decode(byte[] payload) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            long seq = in.readLong();
            long time = in.readLong();
            int code = in.readByte();
            if (code < 0 || code > 3) {
                return null;
            }
            String user = in.readUTF();
            String item = in.readUTF();
            return in.available() == 0 ? new LiveEvent(seq, user, item, Behavior.ofCode(code), time) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                return;
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.warn("cannot fsync directory {} ({}); the new journal file's entry may not survive a power loss",
                    dir, e.getMessage());
        }
    }

    /** Stops the writer after the queued batches are written, and closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            writer.join(10_000);
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new DataException("cannot close event journal " + file + ": " + e.getMessage(), e);
        }
    }
}
