package io.tunnelwatch.synth.packet;

import java.net.InetAddress;

/** TCP and UDP checksums over the pseudo-header of RFC 793 (IPv4) or RFC 8200 section 8.1 (IPv6). */
final class TransportChecksum {
    private TransportChecksum() {
    }

    static int compute(InetAddress source, InetAddress destination, int protocol, byte[] segment) {
        InternetChecksum sum = new InternetChecksum()
            .add(source.getAddress())
            .add(destination.getAddress());
        if (source.getAddress().length == 4) {
            sum.add16(protocol).add16(segment.length);       // zero, protocol, TCP/UDP length
        } else {
            sum.add32(segment.length).add16(protocol);       // upper-layer length (32 bits), zeros, next header
        }
        return sum.add(segment).value();
    }
}
