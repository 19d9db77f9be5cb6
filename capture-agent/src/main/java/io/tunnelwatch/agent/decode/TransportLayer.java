package io.tunnelwatch.agent.decode;

import io.tunnelwatch.agent.decode.ike.IkeDecoder;
import io.tunnelwatch.agent.decode.tls.TlsStreamTracker;
import java.nio.ByteBuffer;

/**
 * TCP (handing the payload to the TLS stream tracker), UDP (IKE on 500; on 4500 the RFC 3948 demultiplexing
 * of keepalive, non-ESP marker + IKE, and ESP) and ESP directly over IP.
 */
final class TransportLayer {
    static final int TCP_MIN_HEADER = 20;
    static final int UDP_HEADER = 8;
    /** SPI and sequence number (RFC 4303 section 2). */
    static final int ESP_HEADER = 8;
    static final int ESP_SPI = 4;
    static final int IKE_PORT = 500;
    static final int NATT_PORT = 4500;
    /** RFC 3948 section 2.2: four zero bytes where an ESP SPI would be mark an IKE message. */
    static final int NON_ESP_MARKER = 4;
    /** RFC 3948 section 2.3: the NAT-keepalive is a single byte, 0xFF. */
    static final int NATT_KEEPALIVE_BYTE = 0xFF;

    private final TlsStreamTracker tlsTracker;

    TransportLayer(TlsStreamTracker tlsTracker) {
        this.tlsTracker = tlsTracker;
    }

    void decode(ByteBuffer buf, int end, long tsMicros, DecodedPacket out) {
        switch (out.protocol) {
            case IpProtocol.TCP -> tcp(buf, out.transportOffset, out.transportReportedLength, end, tsMicros, out);
            case IpProtocol.UDP -> udp(buf, out.transportOffset, out.transportReportedLength, end, out);
            case IpProtocol.ESP -> esp(buf, out.transportOffset, out.transportReportedLength, end, out);
            default -> out.kind = PacketKind.NOT_VPN;
        }
    }

    private void tcp(ByteBuffer buf, int at, int reportedLength, int end, long tsMicros, DecodedPacket out) {
        out.kind = PacketKind.TCP;
        int captured = end - at;
        if (captured < TCP_MIN_HEADER || reportedLength < TCP_MIN_HEADER) {
            out.kind = PacketKind.UNREADABLE;
            out.malformed = "TCP header: needed " + TCP_MIN_HEADER + " bytes, had " + Math.min(captured, reportedLength);
            return;
        }
        out.srcPort = Bytes.u16(buf, at);
        out.dstPort = Bytes.u16(buf, at + 2);
        out.tcpSeq = Bytes.u32(buf, at + 4);
        out.tcpAck = Bytes.u32(buf, at + 8);
        out.tcpFlags = Bytes.u16(buf, at + 12) & 0x0FFF;
        out.tcpWindow = Bytes.u16(buf, at + 14);
        int headerLength = (Bytes.u8(buf, at + 12) >>> 4) * 4;
        if (headerLength < TCP_MIN_HEADER) {
            out.malformed = "TCP header length " + headerLength + " is below " + TCP_MIN_HEADER;
            return;
        }
        if (headerLength > reportedLength) {
            out.malformed = "TCP header length " + headerLength + " exceeds the segment's " + reportedLength + " bytes";
            return;
        }
        int payloadOffset = at + headerLength;
        int payloadLength = reportedLength - headerLength;
        out.tcpPayloadLength = payloadLength;
        int capturedPayload = Math.max(0, Math.min(end - payloadOffset, payloadLength));
        int addressLength = out.ipVersion == 6 ? 16 : 4;
        tlsTracker.onSegment(buf, out.srcAddressOffset, out.dstAddressOffset, addressLength,
                out.srcPort, out.dstPort, out.tcpSeq, out.tcpFlags,
                payloadOffset, capturedPayload, payloadLength, tsMicros, out.tls());
        if (out.tls().malformed() != null) {
            out.malformed = out.tls().malformed();
        }
    }

    private void udp(ByteBuffer buf, int at, int reportedLength, int end, DecodedPacket out) {
        int captured = end - at;
        if (captured < UDP_HEADER || reportedLength < UDP_HEADER) {
            out.kind = PacketKind.UNREADABLE;
            out.malformed = "UDP header: needed " + UDP_HEADER + " bytes, had " + Math.min(captured, reportedLength);
            return;
        }
        out.srcPort = Bytes.u16(buf, at);
        out.dstPort = Bytes.u16(buf, at + 2);
        out.udpLength = Bytes.u16(buf, at + 4);
        boolean ikePort = out.srcPort == IKE_PORT || out.dstPort == IKE_PORT;
        boolean nattPort = out.srcPort == NATT_PORT || out.dstPort == NATT_PORT;
        if (!ikePort && !nattPort) {
            out.kind = PacketKind.NOT_VPN;
            return;
        }
        out.kind = PacketKind.UDP_VPN_PORT;
        // In a first fragment the UDP length covers the whole datagram, which continues in later fragments.
        if (out.udpLength < UDP_HEADER || (out.udpLength > reportedLength && !out.moreFragments)) {
            out.malformed = "UDP length " + out.udpLength + " does not fit the IP payload of " + reportedLength + " bytes";
            return;
        }
        int payloadOffset = at + UDP_HEADER;
        int payloadLength = Math.min(out.udpLength, reportedLength) - UDP_HEADER;
        int capturedPayload = Math.max(0, Math.min(end - payloadOffset, payloadLength));
        // Like Wireshark, the lower port picks the dissector when both are VPN ports.
        if (ikePort && (!nattPort || Math.min(out.srcPort, out.dstPort) == IKE_PORT)) {
            ike(buf, payloadOffset, capturedPayload, payloadLength, "UDP 500", out);
        } else {
            out.natt = true;
            udpEncapsulation(buf, payloadOffset, payloadLength, capturedPayload, out);
        }
    }

    /** RFC 3948 section 2: the first bytes of a UDP 4500 payload say what follows. */
    private void udpEncapsulation(ByteBuffer buf, int at, int payloadLength, int captured, DecodedPacket out) {
        if (payloadLength == 1 && captured == 1 && Bytes.u8(buf, at) == NATT_KEEPALIVE_BYTE) {
            out.kind = PacketKind.NATT_KEEPALIVE;
            return;
        }
        if (payloadLength < NON_ESP_MARKER || captured < NON_ESP_MARKER) {
            out.malformed = "UDP 4500 payload: needed " + NON_ESP_MARKER + " bytes, had " + captured;
            return;
        }
        if (buf.getInt(at) == 0) {
            ike(buf, at + NON_ESP_MARKER, captured - NON_ESP_MARKER, payloadLength - NON_ESP_MARKER,
                    "UDP 4500 after the non-ESP marker", out);
            return;
        }
        if (payloadLength < ESP_HEADER) {
            out.malformed = "ESP in UDP: needed " + ESP_HEADER + " bytes, had " + payloadLength;
            return;
        }
        espHeader(buf, at, captured, out);
    }

    /**
     * The IKE decoder sees the captured bytes only. When the capture's snapshot length cut the message and
     * its header length agrees with the datagram on the wire, what it could not read is missing from the
     * capture, not wrong on the wire: like Wireshark ("packet size limited during capture"), that is not
     * malformed. A live capture with a 256-byte snapshot cuts most IKE_AUTH messages this way.
     */
    private static void ike(ByteBuffer buf, int at, int captured, int onWire, String where, DecodedPacket out) {
        if (IkeDecoder.decode(buf, at, captured, out.ike())) {
            out.kind = PacketKind.IKE;
            out.hasIke = true;
            boolean cutByCapture = captured < onWire && out.ike().length() <= onWire;
            if (out.ike().malformed() != null && !cutByCapture) {
                out.malformed = out.ike().malformed();
            }
        } else {
            out.kind = PacketKind.UDP_VPN_PORT;
            out.malformed = "not ISAKMP on " + where + " (" + captured + " bytes)";
        }
    }

    private static void esp(ByteBuffer buf, int at, int reportedLength, int end, DecodedPacket out) {
        out.kind = PacketKind.ESP;
        if (reportedLength < ESP_HEADER) {
            out.malformed = "ESP header: needed " + ESP_HEADER + " bytes, had " + reportedLength;
        }
        int captured = Math.min(end - at, reportedLength);
        if (captured < ESP_SPI) {
            out.kind = PacketKind.UNREADABLE;
            if (out.malformed == null) {
                out.malformed = "ESP header: needed " + ESP_SPI + " bytes, had " + Math.max(0, captured);
            }
            return;
        }
        espHeader(buf, at, captured, out);
    }

    /** Reads SPI and, when captured, the sequence number; a short snapshot may keep only the SPI. */
    private static void espHeader(ByteBuffer buf, int at, int captured, DecodedPacket out) {
        out.kind = PacketKind.ESP;
        out.hasEsp = true;
        out.espSpi = Bytes.u32(buf, at);
        if (captured >= ESP_HEADER) {
            out.hasEspSequence = true;
            out.espSequence = Bytes.u32(buf, at + ESP_SPI);
        }
    }
}
