package io.tunnelwatch.agent.decode;

import io.tunnelwatch.agent.decode.ike.IkeMessage;
import io.tunnelwatch.agent.decode.tls.TlsRecords;

/**
 * Everything the decoder read from one frame. A single instance is reused for every frame
 * ({@link PacketDecoder#decode} clears it first), so all fields are primitives or reusable holders and
 * nothing is allocated per packet. Values are meaningful only when the matching {@code has...()} says so.
 */
public final class DecodedPacket {
    /** Value of the port accessors when the frame has no transport header. */
    public static final int NO_PORT = -1;
    /** Value of the VLAN accessors when the frame carries fewer tags. */
    public static final int NO_VLAN = -1;

    private final TlsRecords tls = new TlsRecords();
    private final IkeMessage ike = new IkeMessage();

    // Frame
    long tsMicros;
    int capturedLength;
    int originalLength;
    int linkType;
    int vlanCount;
    int outerVlanId;
    int innerVlanId;

    // Network layer
    int ipVersion;
    int srcAddressOffset;
    int dstAddressOffset;
    long srcHigh;
    long srcLow;
    long dstHigh;
    long dstLow;
    int ipNextHeader;
    int protocol;
    int ipId;
    boolean moreFragments;
    int fragmentOffset;

    // Transport layer
    int srcPort;
    int dstPort;
    int tcpFlags;
    long tcpSeq;
    long tcpAck;
    int tcpWindow;
    int tcpPayloadLength;
    int udpLength;

    // VPN layer
    boolean natt;
    boolean hasIke;
    boolean hasEsp;
    boolean hasEspSequence;
    long espSpi;
    long espSequence;

    PacketKind kind;
    String malformed;

    // Where the network layer left off, for the transport layer (not part of the result).
    int transportOffset;
    int transportReportedLength;

    public DecodedPacket() {
        clear();
    }

    /** Forgets the previous frame. */
    public void clear() {
        tsMicros = 0;
        capturedLength = 0;
        originalLength = 0;
        linkType = 0;
        vlanCount = 0;
        outerVlanId = NO_VLAN;
        innerVlanId = NO_VLAN;
        ipVersion = 0;
        srcAddressOffset = 0;
        dstAddressOffset = 0;
        srcHigh = 0;
        srcLow = 0;
        dstHigh = 0;
        dstLow = 0;
        ipNextHeader = -1;
        protocol = -1;
        ipId = 0;
        moreFragments = false;
        fragmentOffset = 0;
        srcPort = NO_PORT;
        dstPort = NO_PORT;
        tcpFlags = 0;
        tcpSeq = 0;
        tcpAck = 0;
        tcpWindow = 0;
        tcpPayloadLength = 0;
        udpLength = 0;
        natt = false;
        hasIke = false;
        hasEsp = false;
        hasEspSequence = false;
        espSpi = 0;
        espSequence = 0;
        kind = PacketKind.UNREADABLE;
        malformed = null;
        transportOffset = 0;
        transportReportedLength = 0;
        tls.clear();
        ike.clear();
    }

    public PacketKind kind() {
        return kind;
    }

    /** Why part of the frame could not be read ("IPv4 header: needed 20 bytes, had 12"), or null. */
    public String malformed() {
        return malformed;
    }

    public long tsMicros() {
        return tsMicros;
    }

    public int capturedLength() {
        return capturedLength;
    }

    public int originalLength() {
        return originalLength;
    }

    public int linkType() {
        return linkType;
    }

    /** Number of 802.1Q/802.1ad tags in front of the network header (0 when untagged). */
    public int vlanCount() {
        return vlanCount;
    }

    /** VLAN id of the first (outermost) tag on the wire, or {@link #NO_VLAN}. This is the id the jsonl reports. */
    public int outerVlanId() {
        return outerVlanId;
    }

    /** VLAN id of the second tag (the customer tag of a QinQ frame), or {@link #NO_VLAN}. */
    public int innerVlanId() {
        return innerVlanId;
    }

    /** 4 or 6; 0 when the frame has no readable IP header. */
    public int ipVersion() {
        return ipVersion;
    }

    /** Offset in the frame's buffer of the source address (4 or 16 bytes). */
    public int srcAddressOffset() {
        return srcAddressOffset;
    }

    public int dstAddressOffset() {
        return dstAddressOffset;
    }

    /** Source address: for IPv6 the first 8 bytes; 0 for IPv4. */
    public long srcHigh() {
        return srcHigh;
    }

    /** Source address: for IPv6 the last 8 bytes; for IPv4 the 4 bytes as an unsigned value. */
    public long srcLow() {
        return srcLow;
    }

    public long dstHigh() {
        return dstHigh;
    }

    public long dstLow() {
        return dstLow;
    }

    /** The IP header's own protocol / next-header field (IPv6: before any extension header). */
    public int ipNextHeader() {
        return ipNextHeader;
    }

    /** The upper-layer protocol reached after IPv6 extension headers and AH (6, 17, 50, ...), or -1. */
    public int protocol() {
        return protocol;
    }

    public int ipId() {
        return ipId;
    }

    public boolean moreFragments() {
        return moreFragments;
    }

    /** Fragment offset in 8-byte units, as on the wire. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    public boolean hasTransportPorts() {
        return srcPort != NO_PORT;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    public boolean isTcp() {
        return protocol == IpProtocol.TCP && srcPort != NO_PORT;
    }

    public boolean isUdp() {
        return protocol == IpProtocol.UDP && srcPort != NO_PORT;
    }

    /** The 12 TCP flag bits (FIN 0x001 ... NS 0x100), as Wireshark's tcp.flags. */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** Raw (absolute) sequence number. */
    public long tcpSeq() {
        return tcpSeq;
    }

    /** Raw acknowledgement number. */
    public long tcpAck() {
        return tcpAck;
    }

    /** Window field as on the wire (not scaled). */
    public int tcpWindow() {
        return tcpWindow;
    }

    /** TCP payload length from the IP and TCP headers (may exceed the captured bytes). */
    public int tcpPayloadLength() {
        return tcpPayloadLength;
    }

    /** The UDP header's length field. */
    public int udpLength() {
        return udpLength;
    }

    /** True for every UDP datagram to or from port 4500 (UDP encapsulation, RFC 3948). */
    public boolean natt() {
        return natt;
    }

    public boolean hasIke() {
        return hasIke;
    }

    /** The IKE message; meaningful only when {@link #hasIke()}. */
    public IkeMessage ike() {
        return ike;
    }

    /** TLS record headers found in this TCP segment (count 0 when none). */
    public TlsRecords tls() {
        return tls;
    }

    public boolean hasEsp() {
        return hasEsp;
    }

    /** ESP Security Parameters Index, unsigned. */
    public long espSpi() {
        return espSpi;
    }

    /** Whether the ESP sequence number was captured (a short snapshot may stop after the SPI). */
    public boolean hasEspSequence() {
        return hasEspSequence;
    }

    public long espSequence() {
        return espSequence;
    }
}
