package io.tunnelwatch.synth.packet;

import java.util.Arrays;

/**
 * A growable big-endian (network order) byte writer. Builders append fields in wire order and patch length
 * fields once the body is known, so every length on the wire is computed, never typed in by hand.
 */
public final class WireWriter {
    private byte[] bytes;
    private int size;

    public WireWriter() {
        this(64);
    }

    public WireWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public WireWriter u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public WireWriter u16(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    public WireWriter u24(int value) {
        ensure(3);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    public WireWriter u32(long value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    public WireWriter u64(long value) {
        u32(value >>> 32);
        return u32(value & 0xFFFF_FFFFL);
    }

    public WireWriter bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    public WireWriter bytes(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, bytes, size, length);
        size += length;
        return this;
    }

    /** Appends {@code count} zero bytes (reserved fields, padding, placeholders patched later). */
    public WireWriter zeros(int count) {
        ensure(count);
        size += count;
        return this;
    }

    public void setU8(int position, int value) {
        bytes[position] = (byte) value;
    }

    public void setU16(int position, int value) {
        bytes[position] = (byte) (value >>> 8);
        bytes[position + 1] = (byte) value;
    }

    public void setU24(int position, int value) {
        bytes[position] = (byte) (value >>> 16);
        bytes[position + 1] = (byte) (value >>> 8);
        bytes[position + 2] = (byte) value;
    }

    public void setU32(int position, long value) {
        bytes[position] = (byte) (value >>> 24);
        bytes[position + 1] = (byte) (value >>> 16);
        bytes[position + 2] = (byte) (value >>> 8);
        bytes[position + 3] = (byte) value;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
