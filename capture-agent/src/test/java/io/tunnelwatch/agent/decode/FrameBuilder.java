package io.tunnelwatch.agent.decode;

import io.tunnelwatch.agent.capture.PacketView;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Hand-built frames, header by header, each field named where it is written. */
final class FrameBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static FrameBuilder frame() {
        return new FrameBuilder();
    }

    FrameBuilder u8(int value) {
        bytes.write(value);
        return this;
    }

    FrameBuilder u16(int value) {
        return u8(value >>> 8).u8(value);
    }

    FrameBuilder u32(long value) {
        return u16((int) (value >>> 16)).u16((int) value);
    }

    FrameBuilder bytes(byte[] data) {
        bytes.writeBytes(data);
        return this;
    }

    FrameBuilder zeros(int count) {
        return bytes(new byte[count]);
    }

    byte[] build() {
        return bytes.toByteArray();
    }

    // ---- link layers ----

    /** Ethernet II: destination, source, then VLAN tags (TPID, TCI) and the EtherType. */
    static byte[] ethernet(int etherType, byte[] payload, int... tpidAndVlanPairs) {
        FrameBuilder f = frame()
                .bytes(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55})   // destination MAC
                .bytes(new byte[] {0x66, 0x77, (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb}); // source MAC
        for (int i = 0; i < tpidAndVlanPairs.length; i += 2) {
            f.u16(tpidAndVlanPairs[i])                                  // TPID: 0x8100 / 0x88a8 / 0x9100
                    .u16(0xA000 | tpidAndVlanPairs[i + 1]);             // TCI: PCP 5, DEI 0, VLAN id
        }
        return f.u16(etherType).bytes(payload).build();
    }

    /** Linux cooked capture v1: packet type, ARPHRD_ETHER, address length 6, address (8), protocol. */
    static byte[] sll(int protocol, byte[] payload) {
        return frame().u16(0).u16(1).u16(6).zeros(8).u16(protocol).bytes(payload).build();
    }

    /** Linux cooked capture v2: protocol, reserved, interface index, ARPHRD, packet type, addr len, addr (8). */
    static byte[] sll2(int protocol, byte[] payload) {
        return frame().u16(protocol).u16(0).u32(2).u16(1).u8(4).u8(6).zeros(8).bytes(payload).build();
    }

    /** BSD loopback: address family as a 4-byte integer, little-endian (DLT_NULL on x86) or big-endian. */
    static byte[] loopback(int family, boolean littleEndian, byte[] payload) {
        FrameBuilder f = frame();
        if (littleEndian) {
            f.u8(family).u8(family >>> 8).u8(family >>> 16).u8(family >>> 24);
        } else {
            f.u32(family);
        }
        return f.bytes(payload).build();
    }

    // ---- network layers ----

    static byte[] ipv4(int protocol, String src, String dst, byte[] payload) {
        return ipv4(protocol, src, dst, 0, payload);
    }

    /** IPv4 without options; {@code flagsAndOffset} is the 16-bit flags + fragment offset field. */
    static byte[] ipv4(int protocol, String src, String dst, int flagsAndOffset, byte[] payload) {
        return frame()
                .u8(0x45)                          // version 4, IHL 5 (20 bytes)
                .u8(0)                             // DSCP/ECN
                .u16(20 + payload.length)          // total length
                .u16(0x1234)                       // identification
                .u16(flagsAndOffset)               // flags (MF 0x2000) and fragment offset (8-byte units)
                .u8(64)                            // TTL
                .u8(protocol)                      // protocol
                .u16(0)                            // checksum (not verified)
                .bytes(address(src))
                .bytes(address(dst))
                .bytes(payload).build();
    }

    static byte[] ipv6(int nextHeader, String src, String dst, byte[] payload) {
        return frame()
                .u32(0x6000_0000L)                 // version 6, traffic class 0, flow label 0
                .u16(payload.length)               // payload length (extension headers included)
                .u8(nextHeader)                    // next header
                .u8(64)                            // hop limit
                .bytes(address(src))
                .bytes(address(dst))
                .bytes(payload).build();
    }

    /** A generic IPv6 extension header (hop-by-hop, routing, destination options) of 8 bytes. */
    static byte[] extension(int nextHeader, byte[] rest) {
        return frame().u8(nextHeader).u8(0).zeros(6).bytes(rest).build();   // next header, length 0 (= 8 bytes)
    }

    /** IPv6 fragment header: next header, reserved, offset (8-byte units) << 3 | M, identification. */
    static byte[] fragment(int nextHeader, int offsetUnits, boolean more, byte[] rest) {
        return frame().u8(nextHeader).u8(0).u16(offsetUnits << 3 | (more ? 1 : 0)).u32(0xCAFE).bytes(rest).build();
    }

    /** AH (RFC 4302): next header, payload length 4 (= 24 bytes), reserved, SPI, sequence, 12-byte ICV. */
    static byte[] ah(int nextHeader, byte[] rest) {
        return frame().u8(nextHeader).u8(4).u16(0).u32(0x1000).u32(1).zeros(12).bytes(rest).build();
    }

    // ---- transport ----

    static byte[] udp(int srcPort, int dstPort, byte[] payload) {
        return frame().u16(srcPort).u16(dstPort).u16(8 + payload.length).u16(0).bytes(payload).build();
    }

    /** TCP without options: ports, seq, ack, data offset 5, flags, window, checksum, urgent pointer. */
    static byte[] tcp(int srcPort, int dstPort, long seq, long ack, int flags, int window, byte[] payload) {
        return frame().u16(srcPort).u16(dstPort).u32(seq).u32(ack)
                .u16(0x5000 | flags)               // data offset 5 (20 bytes), flags
                .u16(window).u16(0).u16(0).bytes(payload).build();
    }

    /** ESP (RFC 4303): SPI, sequence number, then opaque ciphertext. */
    static byte[] esp(long spi, long sequence) {
        return frame().u32(spi).u32(sequence).zeros(16).build();
    }

    /** The smallest IKEv2 message: a 28-byte header with no payloads (next payload 0, length 28). */
    static byte[] ikev2Header(int exchangeType, long messageId) {
        return frame().u32(0x0102_0304L).u32(0x0506_0708L)   // initiator SPI
                .zeros(8)                                     // responder SPI
                .u8(0)                                        // next payload: none
                .u8(0x20)                                     // version 2.0
                .u8(exchangeType)
                .u8(0x08)                                     // flags: initiator
                .u32(messageId)
                .u32(28).build();                             // length
    }

    static byte[] concat(byte[]... parts) {
        FrameBuilder f = frame();
        for (byte[] part : parts) {
            f.bytes(part);
        }
        return f.build();
    }

    static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();   // literals only: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** A view of the frame as a reader would hand it out, placed at a non-zero offset of a larger buffer. */
    static PacketView view(byte[] frame, int linkType) {
        ByteBuffer buffer = ByteBuffer.allocate(frame.length + 64);
        buffer.put(32, frame);
        return new PacketView().set(buffer, 32, frame.length, frame.length, linkType, 0, 1_000_000L);
    }
}
