package io.tunnelwatch.agent.decode;

/** Appends IP addresses as text without allocating: dotted quad, and IPv6 in RFC 5952 canonical form. */
public final class IpAddressText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpAddressText() {
    }

    public static void appendIpv4(StringBuilder out, long address) {
        out.append((address >>> 24) & 0xFF).append('.')
                .append((address >>> 16) & 0xFF).append('.')
                .append((address >>> 8) & 0xFF).append('.')
                .append(address & 0xFF);
    }

    /**
     * RFC 5952 section 4: lower-case hex without leading zeros; the longest run of two or more zero groups
     * (the first one on a tie) becomes "::"; IPv4-mapped addresses end in dotted quad (section 5).
     */
    public static void appendIpv6(StringBuilder out, long high, long low) {
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            out.append("::ffff:");
            appendIpv4(out, low & 0xFFFF_FFFFL);
            return;
        }
        int bestStart = -1;
        int bestLength = 1;
        int runStart = -1;
        for (int group = 0; group < 8; group++) {
            if (group(high, low, group) == 0) {
                if (runStart < 0) {
                    runStart = group;
                }
                int runLength = group - runStart + 1;
                if (runLength > bestLength) {
                    bestStart = runStart;
                    bestLength = runLength;
                }
            } else {
                runStart = -1;
            }
        }
        for (int group = 0; group < 8; group++) {
            if (group == bestStart) {
                out.append("::");
                group += bestLength - 1;
                continue;
            }
            if (group > 0 && group != bestStart + bestLength) {
                out.append(':');
            }
            appendHexGroup(out, group(high, low, group));
        }
    }

    private static int group(long high, long low, int group) {
        long half = group < 4 ? high : low;
        return (int) (half >>> ((3 - (group & 3)) * 16)) & 0xFFFF;
    }

    private static void appendHexGroup(StringBuilder out, int value) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int digit = (value >>> shift) & 0xF;
            if (digit != 0 || started || shift == 0) {
                out.append(HEX[digit]);
                started = true;
            }
        }
    }

    /** Exactly {@code digits} lower-case hex digits. */
    public static void appendHex(StringBuilder out, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(int) (value >>> shift) & 0xF]);
        }
    }

    /** The packet's source or destination address as text (dotted quad, or RFC 5952 IPv6). */
    public static void appendAddress(StringBuilder out, DecodedPacket packet, boolean source) {
        if (packet.ipVersion() == 4) {
            appendIpv4(out, source ? packet.srcLow() : packet.dstLow());
        } else {
            appendIpv6(out, source ? packet.srcHigh() : packet.dstHigh(), source ? packet.srcLow() : packet.dstLow());
        }
    }
}
