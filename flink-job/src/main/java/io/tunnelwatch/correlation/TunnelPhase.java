package io.tunnelwatch.correlation;

/** Where a tunnel key stands; every phase but IDLE and ESTABLISHED belongs to a running attempt. */
public enum TunnelPhase {
    IDLE(null),
    /** TCP/TLS connection(s) to a VPN port in progress. */
    CONNECTIVITY(AttemptStage.CONNECTIVITY),
    /** A TLS handshake completed; waiting for the client's phase-1 start. */
    AWAITING_IKE(AttemptStage.POLICY_ACTIVATION),
    IKE_PHASE1(AttemptStage.POLICY_ACTIVATION),
    /** Phase 1 completed; waiting for Quick Mode or an IKE_AUTH request. */
    AWAITING_PHASE2(AttemptStage.POLICY_ACTIVATION),
    IKE_PHASE2(AttemptStage.POLICY_ACTIVATION),
    /** Phase 2 completed; waiting for ESP both ways. */
    AWAITING_ESP(AttemptStage.NETWORK_VERIFICATION),
    ESTABLISHED(null);

    private final AttemptStage stage;

    TunnelPhase(AttemptStage stage) {
        this.stage = stage;
    }

    /** The stage an attempt in this phase is judged at; null for IDLE and ESTABLISHED. */
    public AttemptStage stage() {
        return stage;
    }
}
