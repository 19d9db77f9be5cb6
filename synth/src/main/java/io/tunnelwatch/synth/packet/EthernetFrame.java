package io.tunnelwatch.synth.packet;

/** Ethernet II framing (IEEE 802.3 with an EtherType), as a capture on a wired interface records it. */
public final class EthernetFrame {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int HEADER_LENGTH = 14;

    private EthernetFrame() {
    }

    public static byte[] build(MacAddress source, MacAddress destination, int etherType, byte[] payload) {
        return new WireWriter(HEADER_LENGTH + payload.length)
            .bytes(destination.octets())   // destination MAC: the next hop the frame is sent to
            .bytes(source.octets())        // source MAC: the interface the frame was sent from
            .u16(etherType)                // EtherType: 0x0800 IPv4, 0x86DD IPv6
            .bytes(payload)                // the IP packet; no FCS, captures on Linux do not record it
            .toByteArray();
    }
}
