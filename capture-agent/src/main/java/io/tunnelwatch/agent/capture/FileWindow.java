package io.tunnelwatch.agent.capture;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A sliding window over a file: one large buffer filled by bulk reads from a {@link FileChannel}. Readers
 * ask for the next N bytes with {@link #ensure(int)}, read them with absolute gets at {@link #position()},
 * then {@link #advance(int)}. The buffer never grows: its capacity is fixed when the file is opened, so no
 * length field in the file can make it allocate.
 */
final class FileWindow implements Closeable {
    /**
     * Holds the largest record either format may carry (a 256 KiB packet and its framing), and a refill
     * (one read system call) still serves hundreds of packets. Not larger: the bytes a refill copies are
     * read right after from the CPU's cache, which 8 MiB outgrew (decoding took 15-25% more CPU).
     */
    static final int MAX_CAPACITY = 512 << 10;
    private static final int MIN_CAPACITY = 4096;

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final int capacity;
    private long bufferStartInFile;
    private int position;
    private int limit;
    private boolean endOfFile;

    /** A window of at most {@code maxCapacity} bytes, smaller for a smaller file. */
    FileWindow(FileChannel channel, int maxCapacity) throws IOException {
        this.channel = channel;
        long size = channel.size();
        int capacity = (int) Math.max(MIN_CAPACITY, Math.min(maxCapacity, size));
        // Direct: the channel reads straight into it (a heap buffer costs one more copy of every byte).
        this.buffer = ByteBuffer.allocateDirect(capacity);
        this.capacity = capacity;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    int capacity() {
        return capacity;
    }

    /** Index in {@link #buffer()} of the next unread byte. */
    int position() {
        return position;
    }

    /** File offset of the next unread byte (for error messages). */
    long filePosition() {
        return bufferStartInFile + position;
    }

    int available() {
        return limit - position;
    }

    /**
     * Makes {@code needed} bytes readable from {@link #position()} when the file has them. May move the unread
     * bytes to the start of the buffer, which invalidates indexes obtained earlier. Returns the number of
     * readable bytes, which is smaller than {@code needed} only at the end of the file or when {@code needed}
     * exceeds the capacity.
     */
    int ensure(int needed) throws IOException {
        if (limit - position >= needed) {
            return limit - position;
        }
        compact();
        while (limit - position < needed && limit < capacity && !endOfFile) {
            buffer.limit(capacity).position(limit);
            int read = channel.read(buffer);
            if (read < 0) {
                endOfFile = true;
            } else {
                limit += read;
            }
        }
        return limit - position;
    }

    void advance(int count) {
        position += count;
    }

    /** Skips {@code count} bytes that need not be read, even when they do not fit in the buffer. */
    void skip(long count) throws IOException {
        if (count <= limit - position) {
            position += (int) count;
            return;
        }
        long target = filePosition() + count;
        channel.position(target);
        bufferStartInFile = target;
        position = 0;
        limit = 0;
        endOfFile = false;
    }

    private void compact() {
        if (position == 0) {
            return;
        }
        int remaining = limit - position;
        buffer.put(0, buffer, position, remaining);
        bufferStartInFile += position;
        position = 0;
        limit = remaining;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The readers' close: the file was only read, so a failed close loses nothing. */
    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only file: nothing was written that a failed close could lose.
        }
    }
}
