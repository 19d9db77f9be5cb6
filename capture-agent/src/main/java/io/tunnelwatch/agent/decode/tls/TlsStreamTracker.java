package io.tunnelwatch.agent.decode.tls;

import java.nio.ByteBuffer;
import java.util.HashMap;

/**
 * Follows each TCP connection's TLS record boundaries across segments; state bounded in size and age.
 *
 * <p>State is kept per connection (both directions under one canonical key) in a map bounded by
 * {@code maxConnections}: when full, the connection seen least recently is evicted; a connection idle for
 * longer than {@code maxIdleMicros} (capture time) is evicted too. Segments without payload never create
 * state; a SYN starts a connection afresh; an RST forgets it. Not thread-safe: one tracker per decoding thread.
 */
public final class TlsStreamTracker {

    /** TCP header flag bits (RFC 9293 3.1). */
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_ACK = 0x10;

    private final int maxConnections;
    private final long maxIdleMicros;
    private final HashMap<TlsConnectionKey, TlsConnection> connections;
    private final TlsConnectionKey probe = new TlsConnectionKey();
    private final TlsStreamStats stats = new TlsStreamStats();
    /** Least recently seen end of the recency list, and most recently seen end. */
    private TlsConnection oldest;
    private TlsConnection newest;
    private long evictions;
    private long latestMicros = Long.MIN_VALUE;

    public TlsStreamTracker(int maxConnections, long maxIdleMicros) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (maxIdleMicros < 1) {
            throw new IllegalArgumentException("maxIdleMicros must be positive, got " + maxIdleMicros);
        }
        this.maxConnections = maxConnections;
        this.maxIdleMicros = maxIdleMicros;
        this.connections = new HashMap<>(Math.min(maxConnections, 1 << 16) * 4 / 3 + 1);
    }

    /**
     * One TCP segment. Addresses are read from buf at srcIpOffset/dstIpOffset (ipLength 4 or 16 bytes).
     * Finds every TLS record header that starts in this segment's payload, as Wireshark would, and fills
     * {@code out} (cleared first). SYN/FIN/RST handling (new connection, forget connection) is internal.
     */
    public void onSegment(ByteBuffer buf, int srcIpOffset, int dstIpOffset, int ipLength,
                          int srcPort, int dstPort, long seq, int tcpFlags,
                          int payloadOffset, int capturedPayloadLength, int payloadLength,
                          long tsMicros, TlsRecords out) {
        out.clear();
        if (!readable(buf, srcIpOffset, ipLength) || !readable(buf, dstIpOffset, ipLength)) {
            out.malformed("addresses not inside the buffer");
            return;
        }
        latestMicros = Math.max(latestMicros, tsMicros);
        evictIdle();
        boolean fromLow = probe.set(buf, srcIpOffset, dstIpOffset, ipLength, srcPort, dstPort);
        TlsConnection connection = connections.get(probe);
        boolean syn = (tcpFlags & TCP_SYN) != 0;
        boolean hasPayload = payloadLength > 0;
        if (syn && connection != null && (tcpFlags & TCP_ACK) == 0) {
            forget(connection);               // a new SYN on the same 4-tuple: a new connection
            connection = null;
        }
        if (connection == null) {
            if (!syn && !hasPayload) {
                return;                       // pure ACKs and FINs of unknown connections cost nothing
            }
            connection = create();
        }
        connection.lastSeenMicros = latestMicros;
        touch(connection);
        TlsDirection direction = connection.direction(fromLow);
        if (syn) {
            direction.onSyn(seq);
            seq = (seq + 1) & 0xFFFF_FFFFL;   // SYN occupies one sequence number
        }
        if (hasPayload) {
            int captured = clampCaptured(buf, payloadOffset, capturedPayloadLength, payloadLength);
            direction.onSegment(buf, payloadOffset, captured, payloadLength, seq, out, stats);
        }
        if ((tcpFlags & TCP_RST) != 0) {
            forget(connection);
        }
    }

    public int trackedConnections() {
        return connections.size();
    }

    /** Connections dropped because the map was full or they were idle too long. */
    public long evictions() {
        return evictions;
    }

    /** Record headers that fell in bytes the capture did not keep (snaplen); their records are lost. */
    public long uncapturedHeaders() {
        return stats.uncapturedHeaders;
    }

    /** Times a direction lost its record boundaries (a gap over a header, a garbage header, an uncaptured one). */
    public long syncLosses() {
        return stats.syncLosses;
    }

    /** Segments entirely before the expected sequence number: retransmissions, which add nothing. */
    public long retransmissions() {
        return stats.retransmissions;
    }

    private TlsConnection create() {
        if (connections.size() >= maxConnections) {
            forget(oldest);
            evictions++;
        }
        TlsConnection connection = new TlsConnection(probe.copy());
        connections.put(connection.key, connection);
        return connection;
    }

    private void evictIdle() {
        while (oldest != null && latestMicros - oldest.lastSeenMicros > maxIdleMicros) {
            forget(oldest);
            evictions++;
        }
    }

    private void forget(TlsConnection connection) {
        connections.remove(connection.key);
        unlink(connection);
    }

    /** Moves a connection to the most recently seen end of the list. */
    private void touch(TlsConnection connection) {
        if (newest == connection) {
            return;
        }
        unlink(connection);
        connection.older = newest;
        if (newest != null) {
            newest.newer = connection;
        }
        newest = connection;
        if (oldest == null) {
            oldest = connection;
        }
    }

    private void unlink(TlsConnection connection) {
        if (connection.older != null) {
            connection.older.newer = connection.newer;
        } else if (oldest == connection) {
            oldest = connection.newer;
        }
        if (connection.newer != null) {
            connection.newer.older = connection.older;
        } else if (newest == connection) {
            newest = connection.older;
        }
        connection.older = null;
        connection.newer = null;
    }

    private static boolean readable(ByteBuffer buf, int offset, int length) {
        return buf != null && (length == 4 || length == 16) && offset >= 0 && offset <= buf.limit() - length;
    }

    /** The captured payload bytes that are really inside the buffer. */
    private static int clampCaptured(ByteBuffer buf, int payloadOffset, int captured, int payloadLength) {
        if (payloadOffset < 0 || payloadOffset > buf.limit()) {
            return 0;
        }
        return Math.max(0, Math.min(Math.min(captured, payloadLength), buf.limit() - payloadOffset));
    }
}
