package io.tunnelwatch.agent.publish;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal protobuf wire-format writer into one reused buffer, for the summaries the agent publishes on
 * every packet: no builder, message or {@code ByteString} per field, one array per record. Fields are
 * written in the order the caller gives (field-number order, as protobuf-java does), proto3 defaults
 * skipped by the caller. A nested message is written in place and its length patched in afterwards.
 *
 * <p>Not thread-safe: one per publishing thread.
 */
final class ProtoWriter {
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_FIXED64 = 1;
    private static final int WIRE_LENGTH_DELIMITED = 2;
    private static final int WIRE_FIXED32 = 5;
    private static final int MAX_VARINT32_BYTES = 5;

    private byte[] buffer = new byte[512];
    private int position;

    /** Starts a new record. */
    ProtoWriter reset() {
        position = 0;
        return this;
    }

    /** A copy of what was written since {@link #reset()}. */
    byte[] toByteArray() {
        return Arrays.copyOf(buffer, position);
    }

    /** uint32 (and enum values, which are never negative here): skipped when 0. */
    void uint32(int field, int value) {
        if (value != 0) {
            tag(field, WIRE_VARINT);
            varint(value & 0xFFFF_FFFFL);
        }
    }

    /** uint64: skipped when 0. */
    void uint64(int field, long value) {
        if (value != 0) {
            tag(field, WIRE_VARINT);
            varint(value);
        }
    }

    /** sint64 (zigzag): skipped when 0. */
    void sint64(int field, long value) {
        if (value != 0) {
            tag(field, WIRE_VARINT);
            varint((value << 1) ^ (value >> 63));
        }
    }

    void bool(int field, boolean value) {
        if (value) {
            tag(field, WIRE_VARINT);
            varint(1);
        }
    }

    /** fixed32: skipped when 0. */
    void fixed32(int field, int value) {
        if (value != 0) {
            tag(field, WIRE_FIXED32);
            ensure(4);
            for (int i = 0; i < 4; i++) {
                buffer[position++] = (byte) (value >>> (8 * i));
            }
        }
    }

    /** fixed64: skipped when 0. */
    void fixed64(int field, long value) {
        if (value != 0) {
            tag(field, WIRE_FIXED64);
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buffer[position++] = (byte) (value >>> (8 * i));
            }
        }
    }

    /** An address as a bytes field: IPv4 from {@code low}, IPv6 from {@code high} and {@code low}, big-endian. */
    void address(int field, int ipVersion, long high, long low) {
        tag(field, WIRE_LENGTH_DELIMITED);
        if (ipVersion == 6) {
            varint(16);
            bigEndian(high, 8);
            bigEndian(low, 8);
        } else {
            varint(4);
            bigEndian(low, 4);
        }
    }

    /** string: skipped when null or empty. */
    void string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            tag(field, WIRE_LENGTH_DELIMITED);
            varint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buffer, position, utf8.length);
            position += utf8.length;
        }
    }

    /**
     * Opens a nested message (written even when empty, as a set message field is); returns the mark
     * to give to {@link #endMessage(int)}.
     */
    int beginMessage(int field) {
        tag(field, WIRE_LENGTH_DELIMITED);
        ensure(1);
        position++;
        return position;
    }

    /** Closes the nested message begun at {@code mark}: writes its length before it. */
    void endMessage(int mark) {
        int length = position - mark;
        int lengthBytes = varintSize(length);
        if (lengthBytes > 1) {
            ensure(lengthBytes - 1);
            System.arraycopy(buffer, mark, buffer, mark + lengthBytes - 1, length);
            position += lengthBytes - 1;
        }
        int at = mark - 1;
        long rest = length;
        while (rest >= 0x80) {
            buffer[at++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        buffer[at] = (byte) rest;
    }

    /** Packed repeated uint32 (proto3's default for repeated scalars): values taken by index. */
    void packedUint32(int field, int count, IntByIndex values) {
        if (count == 0) {
            return;
        }
        int mark = beginMessage(field);
        for (int i = 0; i < count; i++) {
            varint(values.get(i) & 0xFFFF_FFFFL);
        }
        endMessage(mark);
    }

    @FunctionalInterface
    interface IntByIndex {
        int get(int index);
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        ensure(10);
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        buffer[position++] = (byte) rest;
    }

    private void bigEndian(long value, int bytes) {
        ensure(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            buffer[position++] = (byte) (value >>> (8 * i));
        }
    }

    private static int varintSize(int value) {
        int size = 1;
        long rest = value & 0xFFFF_FFFFL;
        while (rest >= 0x80) {
            rest >>>= 7;
            size++;
        }
        return Math.min(size, MAX_VARINT32_BYTES);
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }
}
