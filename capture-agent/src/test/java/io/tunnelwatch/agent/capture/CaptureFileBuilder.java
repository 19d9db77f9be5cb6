package io.tunnelwatch.agent.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small pcap and pcapng files field by field, in either byte order, for reader tests. */
final class CaptureFileBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ByteOrder order;

    private CaptureFileBuilder(ByteOrder order) {
        this.order = order;
    }

    /** pcap file header: magic, version 2.4, thiszone 0, sigfigs 0, snaplen, link type. */
    static CaptureFileBuilder pcap(ByteOrder order, boolean nanos, int linkType) {
        CaptureFileBuilder file = new CaptureFileBuilder(order);
        file.u32(nanos ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(262_144).u32(linkType);
        return file;
    }

    /** pcap record: seconds, fraction (micro or nano), captured length, original length, data. */
    CaptureFileBuilder record(long seconds, long fraction, byte[] data, int originalLength) {
        u32((int) seconds).u32((int) fraction).u32(data.length).u32(originalLength);
        bytes.writeBytes(data);
        return this;
    }

    /** A record header only, claiming {@code capturedLength} bytes (for damaged files). */
    CaptureFileBuilder recordHeader(long seconds, int capturedLength) {
        return u32((int) seconds).u32(0).u32(capturedLength).u32(capturedLength);
    }

    static CaptureFileBuilder pcapng(ByteOrder order) {
        return new CaptureFileBuilder(order).sectionHeader();
    }

    /** Section Header Block: type, length 28, byte-order magic, version 1.0, section length -1, length. */
    CaptureFileBuilder sectionHeader() {
        return u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u64(-1L).u32(28);
    }

    /** Interface Description Block with optional if_tsresol (code 9) and if_tsoffset (code 14). */
    CaptureFileBuilder interfaceDescription(int linkType, Integer tsresol, Long tsoffsetSeconds) {
        int options = (tsresol != null ? 8 : 0) + (tsoffsetSeconds != null ? 12 : 0) + (tsresol != null || tsoffsetSeconds != null ? 4 : 0);
        int length = 20 + options;
        u32(1).u32(length).u16(linkType).u16(0).u32(0);
        if (tsresol != null) {
            u16(9).u16(1);
            bytes.write(tsresol);
            bytes.writeBytes(new byte[3]);
        }
        if (tsoffsetSeconds != null) {
            u16(14).u16(8).u64(tsoffsetSeconds);
        }
        if (options > 0) {
            u16(0).u16(0);
        }
        return u32(length);
    }

    /** Enhanced Packet Block: interface, timestamp high/low, captured and original length, padded data. */
    CaptureFileBuilder enhancedPacket(int interfaceId, long timestamp, byte[] data, int originalLength) {
        int padded = (data.length + 3) & ~3;
        int length = 32 + padded;
        u32(6).u32(length).u32(interfaceId).u32((int) (timestamp >>> 32)).u32((int) timestamp)
                .u32(data.length).u32(originalLength);
        bytes.writeBytes(data);
        bytes.writeBytes(new byte[padded - data.length]);
        return u32(length);
    }

    /** Enhanced Packet Block whose captured length is larger than the block (damage). */
    CaptureFileBuilder enhancedPacketClaiming(int capturedLength) {
        return u32(6).u32(36).u32(0).u32(0).u32(0).u32(capturedLength).u32(capturedLength).u32(0).u32(36);
    }

    /** Simple Packet Block: original length, padded data (no timestamp, interface 0). */
    CaptureFileBuilder simplePacket(byte[] data) {
        int padded = (data.length + 3) & ~3;
        int length = 16 + padded;
        u32(3).u32(length).u32(data.length);
        bytes.writeBytes(data);
        bytes.writeBytes(new byte[padded - data.length]);
        return u32(length);
    }

    /** Obsolete Packet Block (type 2): 16-bit interface id and drops count instead of a 32-bit id. */
    CaptureFileBuilder obsoletePacket(int interfaceId, long timestamp, byte[] data) {
        int padded = (data.length + 3) & ~3;
        int length = 32 + padded;
        u32(2).u32(length).u16(interfaceId).u16(0).u32((int) (timestamp >>> 32)).u32((int) timestamp)
                .u32(data.length).u32(data.length);
        bytes.writeBytes(data);
        bytes.writeBytes(new byte[padded - data.length]);
        return u32(length);
    }

    /** A block of a type readers must skip (Interface Statistics, custom, ...). */
    CaptureFileBuilder otherBlock(int type, int bodyLength) {
        int length = 12 + bodyLength;
        u32(type).u32(length);
        bytes.writeBytes(new byte[bodyLength]);
        return u32(length);
    }

    CaptureFileBuilder raw(byte[] data) {
        bytes.writeBytes(data);
        return this;
    }

    CaptureFileBuilder u16(int value) {
        bytes.writeBytes(ByteBuffer.allocate(2).order(order).putShort((short) value).array());
        return this;
    }

    CaptureFileBuilder u32(int value) {
        bytes.writeBytes(ByteBuffer.allocate(4).order(order).putInt(value).array());
        return this;
    }

    CaptureFileBuilder u64(long value) {
        bytes.writeBytes(ByteBuffer.allocate(8).order(order).putLong(value).array());
        return this;
    }

    int size() {
        return bytes.size();
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    Path writeTo(Path file) throws IOException {
        Files.write(file, bytes.toByteArray());
        return file;
    }
}
