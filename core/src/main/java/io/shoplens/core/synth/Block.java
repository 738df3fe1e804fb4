package io.shoplens.core.synth;

/**
 * One piece of a chunk's output as handed from a worker to the writer: the bytes to append (raw text, or a
 * sync-flushed raw-deflate segment), the CRC-32 and length of the text they encode, and what it contains.
 */
final class Block {
    static final byte[] NO_BYTES = new byte[0];

    final byte[] data;
    final int rawLength;
    final int crc;
    final long events;
    /** Events per behaviour code (pv, cart, fav, buy). */
    final long[] counts;
    final boolean last;
    final Throwable failure;

    Block(byte[] data, int rawLength, int crc, long events, long[] counts, boolean last) {
        this.data = data;
        this.rawLength = rawLength;
        this.crc = crc;
        this.events = events;
        this.counts = counts;
        this.last = last;
        this.failure = null;
    }

    private Block(Throwable failure) {
        this.data = NO_BYTES;
        this.rawLength = 0;
        this.crc = 0;
        this.events = 0;
        this.counts = new long[4];
        this.last = true;
        this.failure = failure;
    }

    static Block failed(Throwable failure) {
        return new Block(failure);
    }
}
