package io.tunnelwatch.synth.packet;

import java.net.InetAddress;

/** UDP header (RFC 768) with a correct checksum. */
public final class UdpDatagram {
    public static final int HEADER_LENGTH = 8;

    private UdpDatagram() {
    }

    public static byte[] build(InetAddress source, InetAddress destination, int sourcePort, int destinationPort,
                               byte[] payload) {
        WireWriter datagram = new WireWriter(HEADER_LENGTH + payload.length)
            .u16(sourcePort)                        // source port (500 for IKE, 4500 for NAT-T, ephemeral after NAT)
            .u16(destinationPort)                   // destination port
            .u16(HEADER_LENGTH + payload.length)    // length: header plus payload
            .u16(0)                                 // checksum, patched below
            .bytes(payload);
        byte[] unchecked = datagram.toByteArray();
        int checksum = TransportChecksum.compute(source, destination, IpProtocol.UDP, unchecked);
        // A computed 0 is sent as 0xFFFF: 0 means "no checksum" in IPv4 (RFC 768).
        datagram.setU16(6, checksum == 0 ? 0xFFFF : checksum);
        return datagram.toByteArray();
    }
}
