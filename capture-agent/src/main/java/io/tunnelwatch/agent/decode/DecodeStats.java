package io.tunnelwatch.agent.decode;

/** Counters kept by a {@link PacketDecoder}: every frame lands in exactly one kind; malformed is counted on top. */
public final class DecodeStats {
    private final long[] byKind = new long[PacketKind.values().length];
    private long packetsRead;
    private long tlsSegments;
    private long malformed;

    void count(DecodedPacket packet) {
        packetsRead++;
        byKind[packet.kind().ordinal()]++;
        if (packet.tls().count() > 0) {
            tlsSegments++;
        }
        if (packet.malformed() != null) {
            malformed++;
        }
    }

    public long packetsRead() {
        return packetsRead;
    }

    public long count(PacketKind kind) {
        return byKind[kind.ordinal()];
    }

    /** TCP segments in which at least one TLS record header was found. */
    public long tlsSegments() {
        return tlsSegments;
    }

    public long malformed() {
        return malformed;
    }

    /** Frames that carry nothing VPN-related: not VPN, or unreadable below the transport layer. */
    public long skipped() {
        return count(PacketKind.NOT_VPN) + count(PacketKind.UNREADABLE);
    }

    /** One line for people and scripts, e.g. {@code packets=35 tcp=0 tls=0 ike=15 ...}. */
    public String summaryLine() {
        return "packets=" + packetsRead
                + " tcp=" + count(PacketKind.TCP)
                + " tls=" + tlsSegments
                + " ike=" + count(PacketKind.IKE)
                + " esp=" + count(PacketKind.ESP)
                + " natt_keepalive=" + count(PacketKind.NATT_KEEPALIVE)
                + " other_vpn_udp=" + count(PacketKind.UDP_VPN_PORT)
                + " later_fragments=" + count(PacketKind.LATER_FRAGMENT)
                + " malformed=" + malformed
                + " skipped=" + skipped();
    }
}
