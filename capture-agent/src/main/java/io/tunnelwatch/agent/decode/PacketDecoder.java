package io.tunnelwatch.agent.decode;

import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.decode.tls.TlsStreamTracker;
import java.nio.ByteBuffer;

/**
 * Decodes captured frames into a reusable {@link DecodedPacket}: link layer, IP, TCP/UDP, ESP, NAT-T, and
 * through the TLS and IKE decoders the VPN handshakes. Never throws on any input: what cannot be read is a
 * {@link DecodedPacket#malformed()} reason and a count in {@link #stats()}. Not thread-safe (one per capture
 * stream: the TLS tracker follows connections across frames).
 */
public final class PacketDecoder {
    /** Connections whose TLS record boundaries are followed at once; older ones are evicted. */
    public static final int DEFAULT_MAX_TLS_CONNECTIONS = 65_536;
    /** A connection idle this long is forgotten (its next segment is treated as mid-stream). */
    public static final long DEFAULT_MAX_TLS_IDLE_MICROS = 300_000_000L;

    private final LinkLayer linkLayer = new LinkLayer();
    private final TransportLayer transportLayer;
    private final DecodeStats stats = new DecodeStats();

    public PacketDecoder() {
        this(new TlsStreamTracker(DEFAULT_MAX_TLS_CONNECTIONS, DEFAULT_MAX_TLS_IDLE_MICROS));
    }

    public PacketDecoder(TlsStreamTracker tlsTracker) {
        this.transportLayer = new TransportLayer(tlsTracker);
    }

    /** Whether frames of this LINKTYPE_ can be decoded at all. */
    public static boolean supportsLinkType(int linkType) {
        return LinkLayer.supports(linkType);
    }

    /** Decodes one frame into {@code out} (cleared first) and counts it. */
    public void decode(PacketView frame, DecodedPacket out) {
        out.clear();
        out.tsMicros = frame.tsMicros();
        out.capturedLength = frame.capturedLength();
        out.originalLength = frame.originalLength();
        out.linkType = frame.linkType();
        ByteBuffer buf = frame.buffer();
        int end = frame.offset() + frame.capturedLength();
        int network = linkLayer.decode(buf, frame.offset(), end, frame.linkType(), out);
        if (network >= 0 && NetworkLayer.decode(buf, network, end, linkLayer.etherType, out)) {
            transportLayer.decode(buf, end, frame.tsMicros(), out);
        }
        stats.count(out);
    }

    public DecodeStats stats() {
        return stats;
    }
}
