package io.tunnelwatch.agent.decode.tls;

import java.nio.ByteBuffer;

/**
 * Test-only: one TCP connection between a client and a server, feeding a {@link TlsStreamTracker}
 * segment by segment. Each segment is laid out as [source IPv4][destination IPv4][payload].
 */
final class TcpConversation {

    static final int ACK = 0x10;

    private final TlsStreamTracker tracker;
    private final byte[] clientIp;
    private final byte[] serverIp;
    private final int clientPort;
    private final int serverPort;
    private long clientSeq = 1_000;
    private long serverSeq = 0xFFFF_FF00L;       // wraps around 2^32 during longer tests
    private long nowMicros = 1_000_000;
    final TlsRecords records = new TlsRecords();

    TcpConversation(TlsStreamTracker tracker, int clientHost, int clientPort) {
        this.tracker = tracker;
        this.clientIp = new byte[] {10, 0, 0, (byte) clientHost};
        this.serverIp = new byte[] {10, 0, 1, 1};
        this.clientPort = clientPort;
        this.serverPort = 443;
    }

    TcpConversation(TlsStreamTracker tracker) {
        this(tracker, 1, 50_000);
    }

    /** SYN, SYN-ACK: both sides' first payload byte follows. */
    TcpConversation open() {
        segment(true, clientSeq - 1, 0x02, new byte[0], 0);
        segment(false, serverSeq - 1, 0x12, new byte[0], 0);
        return this;
    }

    TlsRecords client(byte[] payload) {
        TlsRecords out = segment(true, clientSeq, ACK, payload, payload.length);
        clientSeq += payload.length;
        return out;
    }

    TlsRecords server(byte[] payload) {
        TlsRecords out = segment(false, serverSeq, ACK, payload, payload.length);
        serverSeq = (serverSeq + payload.length) & 0xFFFF_FFFFL;
        return out;
    }

    /** A server segment of which only the first {@code captured} bytes were kept (snaplen). */
    TlsRecords serverTruncated(byte[] payload, int captured) {
        TlsRecords out = segment(false, serverSeq, ACK, payload, captured);
        serverSeq = (serverSeq + payload.length) & 0xFFFF_FFFFL;
        return out;
    }

    /** The server sent these bytes but the capture lost them. */
    void serverLost(int length) {
        serverSeq = (serverSeq + length) & 0xFFFF_FFFFL;
    }

    long serverSeq() {
        return serverSeq;
    }

    TlsRecords serverAt(long seq, byte[] payload) {
        return segment(false, seq, ACK, payload, payload.length);
    }

    TlsRecords clientFlags(int flags) {
        return segment(true, clientSeq, flags, new byte[0], 0);
    }

    void advanceMicros(long micros) {
        nowMicros += micros;
    }

    private TlsRecords segment(boolean fromClient, long seq, int flags, byte[] payload, int captured) {
        byte[] frame = new byte[8 + captured];
        System.arraycopy(fromClient ? clientIp : serverIp, 0, frame, 0, 4);
        System.arraycopy(fromClient ? serverIp : clientIp, 0, frame, 4, 4);
        System.arraycopy(payload, 0, frame, 8, captured);
        tracker.onSegment(ByteBuffer.wrap(frame), 0, 4, 4,
                fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort,
                seq & 0xFFFF_FFFFL, flags, 8, captured, payload.length, nowMicros, records);
        return records;
    }
}
