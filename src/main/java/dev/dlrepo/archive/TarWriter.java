package dev.dlrepo.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Writes a POSIX pax tar archive to a stream, one member at a time, in constant memory: each
 * member's content is copied from its channel through one buffer, never held whole. The caller
 * chooses the order of the members; {@link #finish()} writes the end-of-archive marker and pads
 * the archive to whole 10,240-byte records, as {@code tar} and Python's {@code tarfile} do.
 */
public final class TarWriter {
    public static final int BLOCK = TarHeader.BLOCK;
    public static final int RECORD = 20 * BLOCK;
    private static final int BUFFER = 256 * 1024;
    private final OutputStream out;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long written;
    private boolean finished;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Adds a member whose content is exactly {@code entry.size()} bytes read from {@code content}
     * (from its current position). A channel that ends early is an error: the header already
     * announced the size, so the archive cannot be completed honestly.
     */
    public void add(TarEntry entry, ReadableByteChannel content) throws IOException {
        header(entry);
        long remaining = entry.size();
        while (remaining > 0) {
            buffer.clear();
            if (remaining < buffer.capacity()) {
                buffer.limit((int) remaining);
            }
            int n = content.read(buffer);
            if (n < 0) {
                throw new IOException(entry.name() + " ended " + remaining + " bytes before its announced size");
            }
            out.write(buffer.array(), 0, n);
            remaining -= n;
            written += n;
        }
        pad(entry.size());
    }

    /** Adds a member held in memory (a generated listing). */
    public void add(TarEntry entry, byte[] content) throws IOException {
        if (entry.size() != content.length) {
            throw new IllegalArgumentException("size " + entry.size() + " announced for " + content.length + " bytes");
        }
        header(entry);
        out.write(content);
        written += content.length;
        pad(content.length);
    }

    /** Two zero blocks, then zeros up to the next record boundary; returns the archive's length. */
    public long finish() throws IOException {
        if (!finished) {
            finished = true;
            long end = written + 2L * BLOCK;
            long total = (end + RECORD - 1) / RECORD * RECORD;
            zeros(total - written);
            out.flush();
        }
        return written;
    }

    /** Bytes written so far. */
    public long written() {
        return written;
    }

    private void header(TarEntry entry) throws IOException {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        byte[] header = TarHeader.of(entry);
        out.write(header);
        written += header.length;
    }

    private void pad(long contentLength) throws IOException {
        zeros(TarHeader.padding(contentLength));
    }

    private void zeros(long count) throws IOException {
        byte[] zeros = new byte[(int) Math.min(count, RECORD)];
        for (long left = count; left > 0; left -= zeros.length) {
            int n = (int) Math.min(left, zeros.length);
            out.write(zeros, 0, n);
            written += n;
        }
    }
}
