package io.tunnelwatch.agent.decode;

import io.tunnelwatch.agent.capture.LinkType;
import java.nio.ByteBuffer;

/**
 * Link-layer headers: finds where the network header starts and which protocol it is, recording VLAN tags
 * on the way. Returns the network header's offset with its EtherType in {@link #etherType}, or -1 when the
 * frame carries no IP (kind and malformed reason are then set on the packet).
 */
final class LinkLayer {
    static final int ETHERNET_HEADER = 14;
    static final int VLAN_TAG = 4;
    /** Linux cooked capture v1: packet type, ARPHRD, address length, 8 address bytes, protocol. */
    static final int SLL_HEADER = 16;
    /** Linux cooked capture v2: protocol, reserved, interface index, ARPHRD, packet type, address length, address. */
    static final int SLL2_HEADER = 20;
    static final int NULL_HEADER = 4;
    /** BSD address families; AF_INET6 differs between systems (NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30). */
    private static final int AF_INET = 2;
    private static final int AF_INET6_BSD = 24;
    private static final int AF_INET6_FREEBSD = 28;
    private static final int AF_INET6_DARWIN = 30;
    /** Stands for "no EtherType": the frame's IP version nibble decides (raw IP). */
    static final int BY_VERSION = -1;

    /** EtherType of the network header found by the last call; {@link #BY_VERSION} for raw IP. */
    int etherType;

    static boolean supports(int linkType) {
        return switch (linkType) {
            case LinkType.NULL, LinkType.LOOP, LinkType.ETHERNET, LinkType.RAW, LinkType.DLT_RAW_12,
                 LinkType.DLT_RAW_14, LinkType.LINUX_SLL, LinkType.LINUX_SLL2 -> true;
            default -> false;
        };
    }

    int decode(ByteBuffer buf, int offset, int end, int linkType, DecodedPacket out) {
        int available = end - offset;
        switch (linkType) {
            case LinkType.ETHERNET:
                if (available < ETHERNET_HEADER) {
                    return unreadable(out, "Ethernet header: needed " + ETHERNET_HEADER + " bytes, had " + available);
                }
                return skipVlanTags(buf, offset + ETHERNET_HEADER, end, Bytes.u16(buf, offset + 12), out);
            case LinkType.LINUX_SLL:
                if (available < SLL_HEADER) {
                    return unreadable(out, "Linux cooked header: needed " + SLL_HEADER + " bytes, had " + available);
                }
                return skipVlanTags(buf, offset + SLL_HEADER, end, Bytes.u16(buf, offset + 14), out);
            case LinkType.LINUX_SLL2:
                if (available < SLL2_HEADER) {
                    return unreadable(out, "Linux cooked v2 header: needed " + SLL2_HEADER + " bytes, had " + available);
                }
                return skipVlanTags(buf, offset + SLL2_HEADER, end, Bytes.u16(buf, offset), out);
            case LinkType.RAW, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14:
                etherType = BY_VERSION;
                return offset;
            case LinkType.NULL, LinkType.LOOP:
                return loopback(buf, offset, end, linkType, out);
            default:
                return unreadable(out, "unsupported " + LinkType.name(linkType));
        }
    }

    private int skipVlanTags(ByteBuffer buf, int at, int end, int type, DecodedPacket out) {
        // Every tag consumes 4 bytes, so the loop ends within the captured bytes.
        while (EtherType.isVlanTag(type)) {
            if (end - at < VLAN_TAG) {
                return unreadable(out, "VLAN tag: needed " + VLAN_TAG + " bytes, had " + (end - at));
            }
            int vlanId = Bytes.u16(buf, at) & 0x0FFF;
            if (out.vlanCount == 0) {
                out.outerVlanId = vlanId;
            } else if (out.vlanCount == 1) {
                out.innerVlanId = vlanId;
            }
            out.vlanCount++;
            type = Bytes.u16(buf, at + 2);
            at += VLAN_TAG;
        }
        etherType = type;
        return at;
    }

    private int loopback(ByteBuffer buf, int offset, int end, int linkType, DecodedPacket out) {
        if (end - offset < NULL_HEADER) {
            return unreadable(out, "loopback header: needed " + NULL_HEADER + " bytes, had " + (end - offset));
        }
        int family = buf.getInt(offset);
        // DLT_NULL stores the family in the capturing host's byte order: a family is small, so a value with
        // high bits set was written little-endian.
        if (linkType == LinkType.NULL && (family & 0xFFFF_0000) != 0) {
            family = Integer.reverseBytes(family);
        }
        etherType = switch (family) {
            case AF_INET -> EtherType.IPV4;
            case AF_INET6_BSD, AF_INET6_FREEBSD, AF_INET6_DARWIN -> EtherType.IPV6;
            default -> 0;
        };
        return offset + NULL_HEADER;
    }

    private static int unreadable(DecodedPacket out, String reason) {
        out.kind = PacketKind.UNREADABLE;
        out.malformed = reason;
        return -1;
    }
}
