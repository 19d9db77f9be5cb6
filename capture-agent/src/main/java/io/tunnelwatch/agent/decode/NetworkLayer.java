package io.tunnelwatch.agent.decode;

import java.nio.ByteBuffer;

/**
 * IPv4 and IPv6 headers, IPv6 extension headers and AH. On success the packet's addresses, protocol and
 * {@code transportOffset}/{@code transportReportedLength} are set and the method returns true. A later
 * fragment, a non-IP frame or an unreadable header returns false with the packet's kind (and reason) set.
 */
final class NetworkLayer {
    static final int IPV4_MIN_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int IPV6_FRAGMENT_HEADER = 8;
    /** Generic extension header prefix: next header, length. */
    static final int EXTENSION_PREFIX = 2;
    /**
     * Upper bound on chained IPv6 extension headers / AH walked before giving up. RFC 8200 section 4.1
     * expects each to occur at most once (destination options twice), so a longer chain is hostile.
     */
    static final int MAX_EXTENSION_HEADERS = 16;

    private NetworkLayer() {
    }

    static boolean decode(ByteBuffer buf, int at, int end, int etherType, DecodedPacket out) {
        if (etherType == LinkLayer.BY_VERSION) {
            if (end - at < 1) {
                return fail(out, PacketKind.UNREADABLE, "IP header: needed 1 byte, had 0");
            }
            int version = Bytes.u8(buf, at) >>> 4;
            etherType = version == 4 ? EtherType.IPV4 : version == 6 ? EtherType.IPV6 : 0;
        }
        if (etherType == EtherType.IPV4) {
            return ipv4(buf, at, end, out);
        }
        if (etherType == EtherType.IPV6) {
            return ipv6(buf, at, end, out);
        }
        out.kind = PacketKind.NOT_VPN;
        return false;
    }

    private static boolean ipv4(ByteBuffer buf, int at, int end, DecodedPacket out) {
        int available = end - at;
        if (available < IPV4_MIN_HEADER) {
            return fail(out, PacketKind.UNREADABLE,
                    "IPv4 header: needed " + IPV4_MIN_HEADER + " bytes, had " + available);
        }
        int first = Bytes.u8(buf, at);
        if (first >>> 4 != 4) {
            return fail(out, PacketKind.UNREADABLE, "IPv4 header has version " + (first >>> 4));
        }
        int headerLength = (first & 0x0F) * 4;
        if (headerLength < IPV4_MIN_HEADER) {
            return fail(out, PacketKind.UNREADABLE,
                    "IPv4 header length " + headerLength + " is below " + IPV4_MIN_HEADER);
        }
        if (available < headerLength) {
            return fail(out, PacketKind.UNREADABLE,
                    "IPv4 header: needed " + headerLength + " bytes, had " + available);
        }
        int totalLength = Bytes.u16(buf, at + 2);
        out.ipVersion = 4;
        out.ipId = Bytes.u16(buf, at + 4);
        int flagsAndOffset = Bytes.u16(buf, at + 6);
        out.moreFragments = (flagsAndOffset & 0x2000) != 0;
        out.fragmentOffset = flagsAndOffset & 0x1FFF;
        out.ipNextHeader = Bytes.u8(buf, at + 9);
        out.srcAddressOffset = at + 12;
        out.dstAddressOffset = at + 16;
        out.srcLow = Bytes.u32(buf, at + 12);
        out.dstLow = Bytes.u32(buf, at + 16);
        if (totalLength < headerLength) {
            return fail(out, PacketKind.UNREADABLE,
                    "IPv4 total length " + totalLength + " is below its header length " + headerLength);
        }
        if (out.fragmentOffset != 0) {
            out.kind = PacketKind.LATER_FRAGMENT;
            out.protocol = out.ipNextHeader;
            return false;
        }
        return upperLayer(buf, at + headerLength, totalLength - headerLength, end, out.ipNextHeader, false, out);
    }

    private static boolean ipv6(ByteBuffer buf, int at, int end, DecodedPacket out) {
        int available = end - at;
        if (available < IPV6_HEADER) {
            return fail(out, PacketKind.UNREADABLE, "IPv6 header: needed " + IPV6_HEADER + " bytes, had " + available);
        }
        int version = Bytes.u8(buf, at) >>> 4;
        if (version != 6) {
            return fail(out, PacketKind.UNREADABLE, "IPv6 header has version " + version);
        }
        out.ipVersion = 6;
        out.ipNextHeader = Bytes.u8(buf, at + 6);
        out.srcAddressOffset = at + 8;
        out.dstAddressOffset = at + 24;
        out.srcHigh = buf.getLong(at + 8);
        out.srcLow = buf.getLong(at + 16);
        out.dstHigh = buf.getLong(at + 24);
        out.dstLow = buf.getLong(at + 32);
        int payloadLength = Bytes.u16(buf, at + 4);
        return upperLayer(buf, at + IPV6_HEADER, payloadLength, end, out.ipNextHeader, true, out);
    }

    /**
     * Walks IPv6 extension headers (and AH, in either IP version) to the upper-layer protocol. Lengths are
     * checked against the payload length the IP header reports and reads against the captured bytes.
     */
    private static boolean upperLayer(ByteBuffer buf, int at, int reportedLength, int end, int nextHeader,
                                      boolean ipv6, DecodedPacket out) {
        int payloadEnd = at + reportedLength;
        for (int walked = 0; walked < MAX_EXTENSION_HEADERS; walked++) {
            int headerLength;
            switch (nextHeader) {
                case IpProtocol.HOP_BY_HOP, IpProtocol.ROUTING, IpProtocol.DESTINATION_OPTIONS,
                     IpProtocol.MOBILITY, IpProtocol.HIP, IpProtocol.SHIM6 -> {
                    if (!ipv6) {
                        return transport(at, payloadEnd, nextHeader, out);
                    }
                    if (!readable(at, EXTENSION_PREFIX, end, payloadEnd, "IPv6 extension header", out)) {
                        return false;
                    }
                    headerLength = (Bytes.u8(buf, at + 1) + 1) * 8;
                }
                case IpProtocol.FRAGMENT -> {
                    if (!ipv6) {
                        return transport(at, payloadEnd, nextHeader, out);
                    }
                    if (!readable(at, IPV6_FRAGMENT_HEADER, end, payloadEnd, "IPv6 fragment header", out)) {
                        return false;
                    }
                    int offsetAndFlags = Bytes.u16(buf, at + 2);
                    out.fragmentOffset = offsetAndFlags >>> 3;
                    out.moreFragments = (offsetAndFlags & 1) != 0;
                    out.ipId = buf.getInt(at + 4);
                    if (out.fragmentOffset != 0) {
                        out.protocol = Bytes.u8(buf, at);
                        out.kind = PacketKind.LATER_FRAGMENT;
                        return false;
                    }
                    headerLength = IPV6_FRAGMENT_HEADER;
                }
                case IpProtocol.AH -> {
                    if (!readable(at, EXTENSION_PREFIX, end, payloadEnd, "AH header", out)) {
                        return false;
                    }
                    // RFC 4302 section 2.2: the length is in 4-byte words, minus 2.
                    headerLength = (Bytes.u8(buf, at + 1) + 2) * 4;
                }
                default -> {
                    return transport(at, payloadEnd, nextHeader, out);
                }
            }
            nextHeader = Bytes.u8(buf, at);
            at += headerLength;
            if (at > payloadEnd) {
                return fail(out, PacketKind.UNREADABLE, "extension header ends at byte " + (at - (payloadEnd
                        - reportedLength)) + " of an IP payload of " + reportedLength + " bytes");
            }
        }
        return fail(out, PacketKind.UNREADABLE, "more than " + MAX_EXTENSION_HEADERS + " extension headers");
    }

    private static boolean readable(int at, int needed, int end, int payloadEnd, String what, DecodedPacket out) {
        int had = Math.min(end, payloadEnd) - at;
        if (had >= needed) {
            return true;
        }
        return fail(out, PacketKind.UNREADABLE, what + ": needed " + needed + " bytes, had " + Math.max(0, had));
    }

    private static boolean transport(int at, int payloadEnd, int protocol, DecodedPacket out) {
        out.protocol = protocol;
        out.transportOffset = at;
        out.transportReportedLength = payloadEnd - at;
        return true;
    }

    private static boolean fail(DecodedPacket out, PacketKind kind, String reason) {
        out.kind = kind;
        out.malformed = reason;
        return false;
    }
}
