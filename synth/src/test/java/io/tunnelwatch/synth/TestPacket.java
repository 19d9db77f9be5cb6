package io.tunnelwatch.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * What the tests' own small decoder read from one frame: enough fields to check the builders against the wire
 * formats (independently of the code that built them) and whether every checksum verified.
 */
final class TestPacket {
    long tsMicros;
    byte[] frame;
    int etherType;
    String src;
    String dst;
    int protocol;
    boolean ipChecksumValid = true;
    boolean transportChecksumValid = true;
    int ipTotalLength;

    int srcPort;
    int dstPort;
    long seq;
    long ack;
    int tcpFlags;
    int window;
    int mss;
    byte[] payload = new byte[0];

    boolean isTcp() {
        return protocol == 6;
    }

    boolean isUdp() {
        return protocol == 17;
    }

    boolean hasFlag(int flag) {
        return (tcpFlags & flag) != 0;
    }

    /** ESP over IP, or ESP-in-UDP on 4500 (at least 8 bytes, non-zero SPI). */
    boolean isEsp() {
        if (protocol == 50) {
            return true;
        }
        return isUdp() && (srcPort == 4500 || dstPort == 4500) && payload.length >= 8 && u32(payload, 0) != 0;
    }

    long espSpi() {
        return u32(payload, 0);
    }

    long espSequence() {
        return u32(payload, 4);
    }

    /** The ISAKMP message on UDP 500, or on 4500 behind the non-ESP marker; null otherwise. */
    byte[] isakmp() {
        if (!isUdp()) {
            return null;
        }
        if (srcPort == 500 || dstPort == 500) {
            return payload.length >= 28 ? payload : null;
        }
        if ((srcPort == 4500 || dstPort == 4500) && payload.length >= 32 && u32(payload, 0) == 0) {
            byte[] message = new byte[payload.length - 4];
            System.arraycopy(payload, 4, message, 0, message.length);
            return message;
        }
        return null;
    }

    int ikeExchangeType() {
        return isakmp()[18] & 0xFF;
    }

    int ikeFlags() {
        return isakmp()[19] & 0xFF;
    }

    long ikeResponderSpi() {
        byte[] m = isakmp();
        return (u32(m, 8) << 32) | u32(m, 12);
    }

    /** Notify message types in the cleartext payload chain (IKEv1 type 11, IKEv2 type 41). */
    List<Integer> ikeNotifyTypes() {
        byte[] m = isakmp();
        List<Integer> types = new ArrayList<>();
        boolean v2 = (m[17] & 0xF0) == 0x20;
        if (!v2 && (m[19] & 1) != 0) {
            return types;
        }
        int next = m[16] & 0xFF;
        int offset = 28;
        while (next != 0 && offset + 4 <= m.length) {
            int length = u16(m, offset + 2);
            if (next == 11 && !v2) {
                types.add(u16(m, offset + 10));
            } else if (next == 41 && v2) {
                types.add(u16(m, offset + 6));
            }
            if (next == 46) {
                break;
            }
            next = m[offset] & 0xFF;
            offset += length;
        }
        return types;
    }

    static long u32(byte[] b, int offset) {
        return ((long) (b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16) | ((b[offset + 2] & 0xFF) << 8)
            | (b[offset + 3] & 0xFF);
    }

    static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
    }
}
