package io.tunnelwatch.synth.packet;

import java.net.InetAddress;

/** IPv4 header (RFC 791) without options, with a correct header checksum. */
public final class Ipv4Packet {
    public static final int HEADER_LENGTH = 20;
    /** Don't Fragment: what modern stacks set on TCP and most UDP (path MTU discovery). */
    public static final int FLAG_DONT_FRAGMENT = 0x4000;

    private Ipv4Packet() {
    }

    public static byte[] build(InetAddress source, InetAddress destination, int protocol, int identification,
                               int ttl, boolean dontFragment, byte[] payload) {
        WireWriter header = new WireWriter(HEADER_LENGTH + payload.length)
            .u8(0x45)                                        // version 4, IHL 5 words (20 bytes, no options)
            .u8(0x00)                                        // DSCP 0 / ECN 0: best effort
            .u16(HEADER_LENGTH + payload.length)             // total length: header plus payload
            .u16(identification & 0xFFFF)                    // identification: per-sender counter
            .u16(dontFragment ? FLAG_DONT_FRAGMENT : 0)      // flags (DF) and fragment offset 0: never fragmented
            .u8(ttl)                                         // time to live as it arrives at the capture point
            .u8(protocol)                                    // upper protocol: 6 TCP, 17 UDP, 50 ESP
            .u16(0)                                          // header checksum, patched below
            .bytes(source.getAddress())                      // source address
            .bytes(destination.getAddress());                // destination address
        byte[] headerBytes = header.toByteArray();
        header.setU16(10, InternetChecksum.of(headerBytes, 0, HEADER_LENGTH));
        return header.bytes(payload).toByteArray();
    }
}
