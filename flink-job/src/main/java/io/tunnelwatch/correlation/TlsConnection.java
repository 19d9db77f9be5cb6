package io.tunnelwatch.correlation;

/** One client TCP connection to a VPN port within an attempt, and how far its TLS handshake got. */
final class TlsConnection {
    static final long UNKNOWN_ISN = -1;

    private static final int SYN_SEEN = 1;
    private static final int CCS_FROM_CLIENT = 1 << 1;
    private static final int CCS_FROM_GATEWAY = 1 << 2;
    private static final int DATA_FROM_CLIENT = 1 << 3;
    private static final int DATA_FROM_GATEWAY = 1 << 4;
    private static final int TLS_1_3 = 1 << 5;
    private static final int COMPLETED = 1 << 6;

    final int clientPort;
    final int gatewayPort;
    long initialSequence = UNKNOWN_ISN;
    long synAtMicros = TunnelState.NEVER;
    /** SYN-ACK, or the first segment after it, or the first TLS record of a connection picked up mid-way. */
    long handshakeStartMicros = TunnelState.NEVER;
    /** Set once this connection failed; it then counts no more. */
    FailureReason failure;
    /** Bit set of the constants above; package-private for {@link TunnelStateCodec}. */
    int flags;

    TlsConnection(int clientPort, int gatewayPort) {
        this.clientPort = clientPort;
        this.gatewayPort = gatewayPort;
    }

    TlsConnection copy() {
        TlsConnection copy = new TlsConnection(clientPort, gatewayPort);
        copy.initialSequence = initialSequence;
        copy.synAtMicros = synAtMicros;
        copy.handshakeStartMicros = handshakeStartMicros;
        copy.failure = failure;
        copy.flags = flags;
        return copy;
    }

    boolean isOpen() {
        return failure == null && (flags & COMPLETED) == 0;
    }

    boolean synSeen() {
        return (flags & SYN_SEEN) != 0;
    }

    void sawSyn(long seq, long at) {
        flags |= SYN_SEEN;
        initialSequence = seq;
        synAtMicros = at;
    }

    boolean handshakeStarted() {
        return handshakeStartMicros != TunnelState.NEVER;
    }

    void sawChangeCipherSpec(boolean fromClient) {
        flags |= fromClient ? CCS_FROM_CLIENT : CCS_FROM_GATEWAY;
    }

    void sawApplicationData(boolean fromClient) {
        flags |= fromClient ? DATA_FROM_CLIENT : DATA_FROM_GATEWAY;
    }

    void sawServerVersion(int version) {
        if (version >= Tls.TLS_1_3) {
            flags |= TLS_1_3;
        }
    }

    /**
     * Complete without decrypting: application data both ways whatever the version, or
     * ChangeCipherSpec both ways up to TLS 1.2 (1.3 sends them for middleboxes before it is done).
     */
    boolean handshakeComplete() {
        boolean dataBothWays = (flags & (DATA_FROM_CLIENT | DATA_FROM_GATEWAY)) == (DATA_FROM_CLIENT | DATA_FROM_GATEWAY);
        boolean ccsBothWays = (flags & (CCS_FROM_CLIENT | CCS_FROM_GATEWAY)) == (CCS_FROM_CLIENT | CCS_FROM_GATEWAY);
        return dataBothWays || ((flags & TLS_1_3) == 0 && ccsBothWays);
    }

    void markCompleted() {
        flags |= COMPLETED;
    }

    /** When this connection times out while open: SYN-ACK wait, then handshake wait. */
    long deadlineMicros(CorrelationConfig config) {
        if (!isOpen()) {
            return Transition.NO_TIMER;
        }
        if (handshakeStarted()) {
            return handshakeStartMicros + config.tlsHandshakeMicros();
        }
        return synAtMicros + config.tcpConnectMicros();
    }

    FailureReason timeoutReason() {
        return handshakeStarted() ? FailureReason.TLS_INCOMPLETE : FailureReason.TCP_NO_RESPONSE;
    }
}
