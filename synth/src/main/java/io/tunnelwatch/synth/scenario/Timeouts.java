package io.tunnelwatch.synth.scenario;

/** The contract's default timeouts, in microseconds: the expected outputs are computed with these. */
public final class Timeouts {
    public static final long SECOND = 1_000_000L;
    public static final long TCP_CONNECT = 10 * SECOND;
    public static final long TLS_HANDSHAKE = 20 * SECOND;
    public static final long IKE_START = 60 * SECOND;
    public static final long IKE_PHASE = 30 * SECOND;
    public static final long ESP = 60 * SECOND;
    public static final long IDLE = 120 * SECOND;

    private Timeouts() {
    }
}
