package io.tunnelwatch.agent.capture;

import java.nio.ByteBuffer;

/**
 * One captured packet as a reader hands it out: a window over the reader's own buffer plus the record's
 * metadata. The reader refills the same instance for every packet, so a view is valid only until the next
 * call to {@link CaptureReader#next(PacketView)}; nothing is copied and nothing is allocated per packet.
 *
 * <p>The buffer is big-endian and is shared: read it with absolute gets at
 * {@code offset() .. offset() + capturedLength() - 1} and never change its position or limit.
 */
public final class PacketView {
    private ByteBuffer buffer;
    private int offset;
    private int capturedLength;
    private int originalLength;
    private int linkType;
    private int interfaceId;
    private long tsMicros;

    /** The buffer holding the packet's bytes (big-endian, shared with the reader). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Index in {@link #buffer()} of the packet's first byte (start of the link-layer header). */
    public int offset() {
        return offset;
    }

    /** Bytes present in the capture (at most the snapshot length). */
    public int capturedLength() {
        return capturedLength;
    }

    /** Bytes the packet had on the wire; larger than {@link #capturedLength()} when the capture truncated it. */
    public int originalLength() {
        return originalLength;
    }

    /** LINKTYPE_ value of the interface the packet was captured on (see {@link LinkType}). */
    public int linkType() {
        return linkType;
    }

    /** pcapng interface id; always 0 for pcap files. */
    public int interfaceId() {
        return interfaceId;
    }

    /** Capture time in microseconds since the Unix epoch (finer resolutions are truncated towards minus infinity). */
    public long tsMicros() {
        return tsMicros;
    }

    /** Points this view at a packet; used by readers and by tests that hand-build packets. */
    public PacketView set(ByteBuffer buffer, int offset, int capturedLength, int originalLength,
                          int linkType, int interfaceId, long tsMicros) {
        this.buffer = buffer;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.tsMicros = tsMicros;
        return this;
    }
}
