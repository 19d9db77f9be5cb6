package io.tunnelwatch.synth.packet;

import java.net.InetAddress;

/**
 * One TCP segment's header fields and payload (RFC 9293).
 *
 * @param mss the MSS option value for a SYN or SYN-ACK, 0 for no option (the only option written, as the
 *            seed's Windows XP client and Linux-based router send it)
 */
public record TcpSegment(int sourcePort, int destinationPort, long sequence, long acknowledgement, int flags,
                         int window, int mss, byte[] payload) {

    public static final int HEADER_LENGTH = 20;

    public byte[] encode(InetAddress source, InetAddress destination) {
        int optionsLength = mss > 0 ? 4 : 0;
        int headerLength = HEADER_LENGTH + optionsLength;
        WireWriter segment = new WireWriter(headerLength + payload.length)
            .u16(sourcePort)                                 // source port
            .u16(destinationPort)                            // destination port
            .u32(sequence)                                   // sequence number of the first payload byte (or the SYN)
            .u32((flags & TcpFlags.ACK) != 0 ? acknowledgement : 0)  // acknowledgement number, only valid with ACK
            .u8((headerLength / 4) << 4)                     // data offset in 32-bit words; reserved bits zero
            .u8(flags)                                       // FIN SYN RST PSH ACK (URG, ECE, CWR never set)
            .u16(window)                                     // receive window, unscaled (no window-scale option)
            .u16(0)                                          // checksum, patched below
            .u16(0);                                         // urgent pointer: unused
        if (mss > 0) {
            segment.u8(2).u8(4).u16(mss);                    // option kind 2 (MSS), length 4, value
        }
        segment.bytes(payload);
        byte[] unchecked = segment.toByteArray();
        segment.setU16(16, TransportChecksum.compute(source, destination, IpProtocol.TCP, unchecked));
        return segment.toByteArray();
    }
}
