package io.tunnelwatch.correlation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * An IPv4 or IPv6 address as two longs (network order, high half first).
 *
 * <p>IPv4 is stored IPv4-mapped ({@code ::ffff:a.b.c.d}) so that one type, one comparison and one
 * CIDR match serve both families, and so that a {@link PacketFact} can carry its addresses as four
 * primitive longs instead of arrays.
 */
public record IpAddress(long high, long low) implements Comparable<IpAddress>, java.io.Serializable {

    private static final long V4_MAPPED_MARK = 0x0000_ffff_0000_0000L;
    private static final long V4_MASK = 0xffff_ffffL;

    /** Builds an address from 4 (IPv4) or 16 (IPv6) bytes in network order, as the agent sends them. */
    public static IpAddress ofBytes(byte[] bytes) {
        if (bytes == null || (bytes.length != 4 && bytes.length != 16)) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, had "
                    + (bytes == null ? "none" : bytes.length));
        }
        if (bytes.length == 4) {
            return ofIpv4(ByteBuffer.wrap(bytes).getInt() & V4_MASK);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new IpAddress(buffer.getLong(), buffer.getLong());
    }

    public static IpAddress ofIpv4(long unsignedAddress) {
        return new IpAddress(0L, V4_MAPPED_MARK | (unsignedAddress & V4_MASK));
    }

    /** Parses an IP literal ("192.0.2.1", "2001:db8::1"); never a host name, so never DNS. */
    public static IpAddress parse(String literal) {
        if (literal == null || literal.isEmpty() || !literal.chars().allMatch(IpAddress::isLiteralChar)) {
            throw new IllegalArgumentException("not an IP address literal: '" + literal + "'");
        }
        try {
            return ofBytes(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + literal + "'", e);
        }
    }

    private static boolean isLiteralChar(int c) {
        return Character.digit(c, 16) >= 0 || c == '.' || c == ':';
    }

    public boolean isIpv4() {
        return high == 0L && (low & ~V4_MASK) == V4_MAPPED_MARK;
    }

    public byte[] toBytes() {
        if (isIpv4()) {
            return ByteBuffer.allocate(4).putInt((int) low).array();
        }
        return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
    }

    @Override
    public int compareTo(IpAddress other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    /** Stable across JVMs (Flink hashes keys to key groups with it). */
    /**
     * Written out rather than generated: the record's generated equals goes through method handles, and
     * it runs on every packet (the job's profile showed it at about a tenth of the correlation thread).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress address && address.high == high && address.low == low;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(high) + Long.hashCode(low);
    }

    /** Dotted quad for IPv4; RFC 5952 text for IPv6 (lower case, longest zero run compressed). */
    @Override
    public String toString() {
        if (isIpv4()) {
            try {
                return InetAddress.getByAddress(toBytes()).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 bytes are always an address", e);
            }
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            long half = i < 4 ? high : low;
            groups[i] = (int) (half >>> (48 - 16 * (i % 4))) & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            text.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                text.append(':');
            }
        }
        return text.toString();
    }
}
