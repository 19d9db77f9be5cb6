package io.tunnelwatch.correlation;

/** Why an attempt failed, spelled exactly as in the correlation contract. */
public enum FailureReason {
    TCP_NO_RESPONSE(AttemptStage.CONNECTIVITY),
    TCP_REFUSED(AttemptStage.CONNECTIVITY),
    TLS_ALERT(AttemptStage.CONNECTIVITY),
    TLS_RESET(AttemptStage.CONNECTIVITY),
    TLS_INCOMPLETE(AttemptStage.CONNECTIVITY),
    IKE_NOT_STARTED(AttemptStage.POLICY_ACTIVATION),
    IKE_NO_RESPONSE(AttemptStage.POLICY_ACTIVATION),
    IKE_NOTIFY_ERROR(AttemptStage.POLICY_ACTIVATION),
    IKE_PHASE1_INCOMPLETE(AttemptStage.POLICY_ACTIVATION),
    IKE_PHASE2_NOT_STARTED(AttemptStage.POLICY_ACTIVATION),
    IKE_PHASE2_INCOMPLETE(AttemptStage.POLICY_ACTIVATION),
    ESP_NONE(AttemptStage.NETWORK_VERIFICATION),
    ESP_ONE_WAY(AttemptStage.NETWORK_VERIFICATION);

    private final AttemptStage stage;

    FailureReason(AttemptStage stage) {
        this.stage = stage;
    }

    public AttemptStage stage() {
        return stage;
    }

    /**
     * Without a known gateway a failed TLS session to port 443 is just HTTPS, and an unanswered login
     * is just a web page: these reasons are only raised when the gateway is known.
     */
    public boolean needsKnownGateway() {
        return stage == AttemptStage.CONNECTIVITY || this == IKE_NOT_STARTED;
    }
}
