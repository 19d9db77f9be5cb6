package io.tunnelwatch.synth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tests' own reader of classic pcap with Ethernet frames: written from the RFCs, sharing no code with the
 * builders, so a builder's mistake cannot hide behind the same mistake in the reader. It verifies the IPv4 header
 * checksum and the TCP/UDP checksums over the pseudo-header.
 */
final class TestPcapReader {
    private TestPcapReader() {
    }

    static List<TestPacket> read(byte[] pcap) {
        ByteBuffer buf = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        int magic = buf.getInt(0);
        long unitsPerMicro;
        if (magic == 0xA1B2C3D4) {
            unitsPerMicro = 1;
        } else if (magic == 0xA1B23C4D) {
            unitsPerMicro = 1000;
        } else {
            throw new AssertionError("not a little-endian classic pcap: magic " + Integer.toHexString(magic));
        }
        if (buf.getInt(20) != 1) {
            throw new AssertionError("link type is not Ethernet: " + buf.getInt(20));
        }
        List<TestPacket> packets = new ArrayList<>();
        int offset = 24;
        while (offset < pcap.length) {
            long seconds = buf.getInt(offset) & 0xFFFF_FFFFL;
            long fraction = buf.getInt(offset + 4) & 0xFFFF_FFFFL;
            int included = buf.getInt(offset + 8);
            int original = buf.getInt(offset + 12);
            if (included != original) {
                throw new AssertionError("truncated record at offset " + offset);
            }
            byte[] frame = Arrays.copyOfRange(pcap, offset + 16, offset + 16 + included);
            TestPacket packet = decode(frame);
            packet.tsMicros = seconds * 1_000_000 + fraction / unitsPerMicro;
            packets.add(packet);
            offset += 16 + included;
        }
        return packets;
    }

    static TestPacket decode(byte[] frame) {
        TestPacket p = new TestPacket();
        p.frame = frame;
        p.etherType = TestPacket.u16(frame, 12);
        int ip = 14;
        byte[] srcAddress;
        byte[] dstAddress;
        int payloadStart;
        int payloadEnd;
        if (p.etherType == 0x0800) {
            int ihl = (frame[ip] & 0x0F) * 4;
            p.ipTotalLength = TestPacket.u16(frame, ip + 2);
            p.protocol = frame[ip + 9] & 0xFF;
            srcAddress = Arrays.copyOfRange(frame, ip + 12, ip + 16);
            dstAddress = Arrays.copyOfRange(frame, ip + 16, ip + 20);
            p.ipChecksumValid = onesComplementSum(frame, ip, ihl, 0) == 0xFFFF;
            payloadStart = ip + ihl;
            payloadEnd = ip + p.ipTotalLength;
        } else if (p.etherType == 0x86DD) {
            p.protocol = frame[ip + 6] & 0xFF;
            srcAddress = Arrays.copyOfRange(frame, ip + 8, ip + 24);
            dstAddress = Arrays.copyOfRange(frame, ip + 24, ip + 40);
            payloadStart = ip + 40;
            payloadEnd = payloadStart + TestPacket.u16(frame, ip + 4);
            p.ipTotalLength = payloadEnd - ip;
        } else {
            throw new AssertionError("unexpected EtherType " + Integer.toHexString(p.etherType));
        }
        if (payloadEnd != frame.length) {
            throw new AssertionError("IP length " + (payloadEnd - ip) + " disagrees with frame " + frame.length);
        }
        p.src = text(srcAddress);
        p.dst = text(dstAddress);
        byte[] transport = Arrays.copyOfRange(frame, payloadStart, payloadEnd);
        if (p.protocol == 6 || p.protocol == 17) {
            long pseudo = sum(srcAddress) + sum(dstAddress) + p.protocol + transport.length;
            p.transportChecksumValid = onesComplementSum(transport, 0, transport.length, pseudo) == 0xFFFF;
        }
        if (p.protocol == 6) {
            p.srcPort = TestPacket.u16(transport, 0);
            p.dstPort = TestPacket.u16(transport, 2);
            p.seq = TestPacket.u32(transport, 4);
            p.ack = TestPacket.u32(transport, 8);
            int headerLength = ((transport[12] & 0xF0) >> 4) * 4;
            p.tcpFlags = transport[13] & 0xFF;
            p.window = TestPacket.u16(transport, 14);
            if (headerLength >= 24 && transport[20] == 2 && transport[21] == 4) {
                p.mss = TestPacket.u16(transport, 22);
            }
            p.payload = Arrays.copyOfRange(transport, headerLength, transport.length);
        } else if (p.protocol == 17) {
            p.srcPort = TestPacket.u16(transport, 0);
            p.dstPort = TestPacket.u16(transport, 2);
            if (TestPacket.u16(transport, 4) != transport.length) {
                throw new AssertionError("UDP length disagrees with IP length");
            }
            p.payload = Arrays.copyOfRange(transport, 8, transport.length);
        } else {
            p.payload = transport;
        }
        return p;
    }

    private static long sum(byte[] bytes) {
        long total = 0;
        for (int i = 0; i < bytes.length; i += 2) {
            total += TestPacket.u16(bytes, i);
        }
        return total;
    }

    /** RFC 1071 sum folded to 16 bits; a correct checksum makes the sum over the covered bytes 0xFFFF. */
    private static int onesComplementSum(byte[] data, int offset, int length, long initial) {
        long total = initial;
        for (int i = 0; i < length; i += 2) {
            int high = data[offset + i] & 0xFF;
            int low = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
            total += (high << 8) | low;
        }
        while ((total >>> 16) != 0) {
            total = (total & 0xFFFF) + (total >>> 16);
        }
        return (int) total;
    }

    private static String text(byte[] address) {
        try {
            // IPv6 in the RFC 5952 form the expected files use (that formatter has its own test).
            return io.tunnelwatch.synth.packet.Host.addressText(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
