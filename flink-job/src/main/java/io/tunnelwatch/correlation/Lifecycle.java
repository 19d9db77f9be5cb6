package io.tunnelwatch.correlation;

/** Starting and ending attempts, establishing and closing the tunnel, forgetting the key. */
final class Lifecycle {

    private Lifecycle() {
    }

    static Attempt startAttempt(Step step, TunnelPhase phase, long at, int clientPort, int gatewayPort,
                                boolean rekey) {
        TunnelState state = step.state;
        state.attemptsSinceEstablished++;
        Attempt attempt = new Attempt(state.attemptsSinceEstablished, rekey, at, phase);
        attempt.clientPort = clientPort;
        attempt.gatewayPort = gatewayPort;
        state.attempt = attempt;
        return attempt;
    }

    /**
     * The attempt failed: one alert (unless the reason needs a known gateway and there is none, in
     * which case it was ordinary HTTPS and is not counted as an attempt), and the key goes back to IDLE
     * (or stays ESTABLISHED after a failed rekey).
     */
    static void fail(Step step, FailureReason reason, long at, int notifyType) {
        TunnelState state = step.state;
        Attempt attempt = state.attempt;
        if (reason.needsKnownGateway() && state.gatewayEvidence != GatewayEvidence.KNOWN) {
            state.attemptsSinceEstablished--;
        } else {
            step.emit(Alerts.alert(state, attempt, reason, at, notifyType));
        }
        endAttempt(state, attempt);
        if (!state.isEstablished()) {
            state.touch(at);
            state.resetEspCounters();
        }
    }

    /** The verdict an attempt gets when its current phase runs out of time at {@code at}. */
    static void timeOut(Step step, long at) {
        Attempt attempt = step.state.attempt;
        switch (attempt.phase) {
            case CONNECTIVITY -> {
                TlsConnection connection = attempt.firstToTimeOut(step.config);
                Connectivity.failConnection(step, attempt, connection, connection.timeoutReason(), at);
            }
            case AWAITING_IKE -> fail(step, FailureReason.IKE_NOT_STARTED, at, 0);
            case IKE_PHASE1 -> {
                if (attempt.retryHintNotify != 0) {
                    fail(step, FailureReason.IKE_NOTIFY_ERROR, at, attempt.retryHintNotify);
                } else {
                    fail(step, attempt.responderSpoke ? FailureReason.IKE_PHASE1_INCOMPLETE
                            : FailureReason.IKE_NO_RESPONSE, at, 0);
                }
            }
            case AWAITING_PHASE2 -> fail(step, FailureReason.IKE_PHASE2_NOT_STARTED, at, 0);
            case IKE_PHASE2 -> fail(step, FailureReason.IKE_PHASE2_INCOMPLETE, at, 0);
            case AWAITING_ESP -> fail(step, attempt.espPacketsClientToGateway == 0
                    && attempt.espPacketsGatewayToClient == 0 ? FailureReason.ESP_NONE : FailureReason.ESP_ONE_WAY, at, 0);
            case IDLE, ESTABLISHED -> throw new IllegalStateException("an attempt is never " + attempt.phase);
        }
    }

    /** A rekey that got as far as it is judged: the session simply goes on. */
    static void finishRekey(Step step) {
        endAttempt(step.state, step.state.attempt);
    }

    /**
     * ESP both ways: the tunnel is up. With an attempt at NETWORK_VERIFICATION it is that attempt's
     * success; otherwise a pickup (the capture joined a running session, or it recovered), which also
     * absorbs an attempt still before phase 2, since the traffic shows the tunnel works.
     */
    static void establish(Step step, long at, boolean pickup) {
        TunnelState state = step.state;
        Attempt attempt = state.attempt;
        if (attempt != null && !pickup) {
            state.espPacketsClientToGateway = attempt.espPacketsClientToGateway;
            state.espBytesClientToGateway = attempt.espBytesClientToGateway;
            state.espPacketsGatewayToClient = attempt.espPacketsGatewayToClient;
            state.espBytesGatewayToClient = attempt.espBytesGatewayToClient;
            state.clientPort = attempt.clientPort;
            state.gatewayPort = attempt.gatewayPort;
        }
        if (attempt != null) {
            endAttempt(state, attempt);
        }
        step.emit(new TunnelEstablished(at, Alerts.endpoints(state, state.clientPort, state.gatewayPort),
                state.agentId, pickup || attempt == null ? 0 : attempt.number, pickup));
        state.establishedAtMicros = at;
        state.attemptsSinceEstablished = 0;
        state.touch(at);
    }

    /** Nothing flowed for idle-timeout: emit the closing event stamped at last activity + idle-timeout. */
    static void close(Step step, long at) {
        TunnelState state = step.state;
        step.emit(new TunnelClosed(at, Alerts.endpoints(state, state.clientPort, state.gatewayPort), state.agentId,
                state.establishedAtMicros, state.lastActivityMicros,
                state.lastActivityMicros - state.establishedAtMicros,
                state.espPacketsClientToGateway, state.espBytesClientToGateway,
                state.espPacketsGatewayToClient, state.espBytesGatewayToClient));
        state.establishedAtMicros = TunnelState.NEVER;
        state.resetEspCounters();
    }

    private static void endAttempt(TunnelState state, Attempt attempt) {
        for (TlsConnection connection : attempt.connections) {
            state.rememberConnection(connection);
        }
        if (attempt.initiatorSpi != 0) {
            state.lastPhase1Spi = attempt.initiatorSpi;
        }
        state.attempt = null;
    }
}
