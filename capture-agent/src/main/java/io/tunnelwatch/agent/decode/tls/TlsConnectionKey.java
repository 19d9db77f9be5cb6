package io.tunnelwatch.agent.decode.tls;

import java.nio.ByteBuffer;

/**
 * Identifies a TCP connection independently of direction: the two (address, port) endpoints in a canonical
 * order. Addresses are held as two longs each, IPv4 as an IPv4-mapped IPv6 address (RFC 4291 2.5.5.2).
 *
 * <p>Mutable so that the tracker can look connections up with one reused probe instance (no allocation per
 * segment); a key stored in the map is a {@link #copy()} and is never changed again.
 */
final class TlsConnectionKey {

    private static final long IPV4_MAPPED_PREFIX = 0xFFFF_0000_0000L;

    private long lowHi;
    private long lowLo;
    private int lowPort;
    private long highHi;
    private long highLo;
    private int highPort;
    private int hash;

    /**
     * Sets this key from one segment's endpoints and returns true when the source is the "low" endpoint
     * (so each direction of a connection maps to the same key plus a direction bit).
     */
    boolean set(ByteBuffer buf, int srcIpOffset, int dstIpOffset, int ipLength, int srcPort, int dstPort) {
        long srcHi = hi(buf, srcIpOffset, ipLength);
        long srcLo = lo(buf, srcIpOffset, ipLength);
        long dstHi = hi(buf, dstIpOffset, ipLength);
        long dstLo = lo(buf, dstIpOffset, ipLength);
        boolean srcIsLow = compare(srcHi, srcLo, srcPort, dstHi, dstLo, dstPort) <= 0;
        if (srcIsLow) {
            assign(srcHi, srcLo, srcPort, dstHi, dstLo, dstPort);
        } else {
            assign(dstHi, dstLo, dstPort, srcHi, srcLo, srcPort);
        }
        return srcIsLow;
    }

    TlsConnectionKey copy() {
        TlsConnectionKey copy = new TlsConnectionKey();
        copy.assign(lowHi, lowLo, lowPort, highHi, highLo, highPort);
        return copy;
    }

    private void assign(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        lowHi = aHi;
        lowLo = aLo;
        lowPort = aPort;
        highHi = bHi;
        highLo = bLo;
        highPort = bPort;
        int h = Long.hashCode(aHi);
        h = 31 * h + Long.hashCode(aLo);
        h = 31 * h + aPort;
        h = 31 * h + Long.hashCode(bHi);
        h = 31 * h + Long.hashCode(bLo);
        h = 31 * h + bPort;
        hash = h;
    }

    private static long hi(ByteBuffer buf, int offset, int ipLength) {
        return ipLength == 16 ? buf.getLong(offset) : 0L;
    }

    private static long lo(ByteBuffer buf, int offset, int ipLength) {
        return ipLength == 16 ? buf.getLong(offset + 8) : IPV4_MAPPED_PREFIX | (buf.getInt(offset) & 0xFFFF_FFFFL);
    }

    private static int compare(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
        int c = Long.compareUnsigned(aHi, bHi);
        if (c == 0) {
            c = Long.compareUnsigned(aLo, bLo);
        }
        return c != 0 ? c : Integer.compare(aPort, bPort);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsConnectionKey k && hash == k.hash
                && lowHi == k.lowHi && lowLo == k.lowLo && lowPort == k.lowPort
                && highHi == k.highHi && highLo == k.highLo && highPort == k.highPort;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
