package io.tunnelwatch.correlation;

/**
 * Stage 3 and the session: ESP both ways establishes the tunnel; ESP keeps an established tunnel
 * alive; ESP both ways on a key with no handshake seen is a mid-session pickup.
 */
final class NetworkVerification {

    private NetworkVerification() {
    }

    static void onEsp(Step step, PacketFact fact, boolean fromClient) {
        TunnelState state = step.state;
        if (state.gatewayEvidence != GatewayEvidence.KNOWN) {
            // ESP alone does not say who is who.
            return;
        }
        long at = fact.tsMicros();
        long last = fact.lastTsMicros();
        state.touch(last);
        if (fromClient) {
            state.lastEspFromClient = Math.max(state.lastEspFromClient, last);
        } else {
            state.lastEspFromGateway = Math.max(state.lastEspFromGateway, last);
        }
        if (state.isEstablished()) {
            state.countEsp(fromClient, fact.packets(), fact.bytes());
            return;
        }
        Attempt attempt = state.attempt;
        boolean attemptCountsEsp = attempt != null
                && (attempt.phase == TunnelPhase.IKE_PHASE2 || attempt.phase == TunnelPhase.AWAITING_ESP);
        if (attemptCountsEsp) {
            // The initiator may send ESP before its last Quick Mode message: ESP counts from phase 2.
            attempt.countEsp(fromClient, fact.packets(), fact.bytes());
            attempt.sawNetwork(at, last);
            if (attempt.phase == TunnelPhase.AWAITING_ESP && attempt.espBothWays()) {
                Lifecycle.establish(step, at, false);
            }
            return;
        }
        state.countEsp(fromClient, fact.packets(), fact.bytes());
        long otherWay = fromClient ? state.lastEspFromGateway : state.lastEspFromClient;
        if (otherWay != TunnelState.NEVER && at - otherWay <= step.config.idleMicros()) {
            Lifecycle.establish(step, at, true);
        }
    }
}
