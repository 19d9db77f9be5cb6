package io.tunnelwatch.synth.packet;

import java.net.InetAddress;

/** IPv6 fixed header (RFC 8200) with no extension headers. */
public final class Ipv6Packet {
    public static final int HEADER_LENGTH = 40;

    private Ipv6Packet() {
    }

    public static byte[] build(InetAddress source, InetAddress destination, int nextHeader, int flowLabel,
                               int hopLimit, byte[] payload) {
        return new WireWriter(HEADER_LENGTH + payload.length)
            .u32(0x6000_0000L | (flowLabel & 0xF_FFFF))   // version 6, traffic class 0, 20-bit flow label
            .u16(payload.length)                           // payload length: everything after this header
            .u8(nextHeader)                                // next header: 6 TCP, 17 UDP, 50 ESP
            .u8(hopLimit)                                  // hop limit as it arrives at the capture point
            .bytes(source.getAddress())                    // source address (16 bytes)
            .bytes(destination.getAddress())               // destination address (16 bytes)
            .bytes(payload)
            .toByteArray();
    }
}
