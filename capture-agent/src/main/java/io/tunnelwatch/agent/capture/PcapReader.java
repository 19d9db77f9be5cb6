package io.tunnelwatch.agent.capture;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reader of the classic pcap format (draft-ietf-opsawg-pcap): microsecond or nanosecond timestamps, written
 * in either byte order.
 */
final class PcapReader implements CaptureReader {
    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int FILE_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    /**
     * Largest captured length accepted in a record: libpcap's and Wireshark's MAXIMUM_SNAPLEN
     * (WTAP_MAX_PACKET_SIZE_STANDARD). A record claiming more is damage, as both of them treat it.
     */
    static final int MAX_CAPTURED_LENGTH = 262_144;

    private final FileWindow window;
    private final boolean swapped;
    private final boolean nanos;
    private final int linkType;
    private long packetsRead;

    static boolean isPcapMagic(int magic) {
        return magic == MAGIC_MICROS || magic == MAGIC_NANOS
                || magic == Integer.reverseBytes(MAGIC_MICROS) || magic == Integer.reverseBytes(MAGIC_NANOS);
    }

    PcapReader(FileWindow window) throws IOException, CaptureFileException {
        this.window = window;
        int available = window.ensure(FILE_HEADER_LENGTH);
        if (available < FILE_HEADER_LENGTH) {
            throw new CaptureFileException("file truncated at byte " + available
                    + ": pcap file header needs " + FILE_HEADER_LENGTH + " bytes");
        }
        ByteBuffer buffer = window.buffer();
        int at = window.position();
        int magic = buffer.getInt(at);
        this.swapped = magic == Integer.reverseBytes(MAGIC_MICROS) || magic == Integer.reverseBytes(MAGIC_NANOS);
        this.nanos = magic == MAGIC_NANOS || magic == Integer.reverseBytes(MAGIC_NANOS);
        int major = u16(buffer, at + 4);
        if (major != 2) {
            throw new CaptureFileException("unsupported pcap version " + major + "." + u16(buffer, at + 6));
        }
        // The link-type field carries FCS information in its upper bits; the link type is the lower 16.
        this.linkType = int32(buffer, at + 20) & 0xFFFF;
        window.advance(FILE_HEADER_LENGTH);
    }

    /** The file's single link type. */
    int linkType() {
        return linkType;
    }

    @Override
    public boolean next(PacketView view) throws CaptureFileException {
        try {
            long recordStart = window.filePosition();
            int available = window.ensure(RECORD_HEADER_LENGTH);
            if (available == 0) {
                return false;
            }
            if (available < RECORD_HEADER_LENGTH) {
                throw new CaptureFileException("file truncated at byte " + recordStart + ": record header needs "
                        + RECORD_HEADER_LENGTH + " bytes, only " + available + " left");
            }
            ByteBuffer buffer = window.buffer();
            int at = window.position();
            long seconds = int32(buffer, at) & 0xFFFF_FFFFL;
            long fraction = int32(buffer, at + 4) & 0xFFFF_FFFFL;
            long capturedLength = int32(buffer, at + 8) & 0xFFFF_FFFFL;
            long originalLength = int32(buffer, at + 12) & 0xFFFF_FFFFL;
            if (capturedLength > MAX_CAPTURED_LENGTH) {
                throw new CaptureFileException("file damaged at byte " + recordStart + ": record claims "
                        + capturedLength + " bytes");
            }
            int recordLength = RECORD_HEADER_LENGTH + (int) capturedLength;
            available = window.ensure(recordLength);
            if (available < recordLength) {
                throw new CaptureFileException("file truncated at byte " + recordStart + ": record claims "
                        + capturedLength + " bytes, only " + (available - RECORD_HEADER_LENGTH) + " left");
            }
            at = window.position();
            long micros = seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction);
            view.set(buffer, at + RECORD_HEADER_LENGTH, (int) capturedLength,
                    (int) Math.min(originalLength, Integer.MAX_VALUE), linkType, 0, micros);
            window.advance(recordLength);
            packetsRead++;
            return true;
        } catch (IOException e) {
            throw new CaptureFileException("read error at byte " + window.filePosition() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long packetsRead() {
        return packetsRead;
    }

    private int int32(ByteBuffer buffer, int index) {
        return SwappableOrder.int32(buffer, index, swapped);
    }

    private int u16(ByteBuffer buffer, int index) {
        return SwappableOrder.u16(buffer, index, swapped);
    }

    @Override
    public void close() {
        window.closeQuietly();
    }
}
