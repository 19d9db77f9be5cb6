package io.tunnelwatch.correlation;

/** Builds the alert of a failed attempt: evidence, and a sentence a network engineer understands. */
final class Alerts {

    private Alerts() {
    }

    static TunnelEndpoints endpoints(TunnelState state, int clientPort, int gatewayPort) {
        return new TunnelEndpoints(state.client, clientPort, state.gateway, gatewayPort);
    }

    static HandshakeAlert alert(TunnelState state, Attempt attempt, FailureReason reason, long at, int notifyType) {
        EspDirection direction = reason != FailureReason.ESP_ONE_WAY ? null
                : attempt.espPacketsClientToGateway > 0 ? EspDirection.CLIENT_TO_GATEWAY
                : EspDirection.GATEWAY_TO_CLIENT;
        AlertEvidence evidence = new AlertEvidence(
                window(attempt.connectivityFirst, attempt.connectivityLast),
                window(attempt.policyFirst, attempt.policyLast),
                window(attempt.networkFirst, attempt.networkLast),
                attempt.tcpConnections,
                attempt.ikeVersion,
                attempt.initiatorSpi,
                attempt.responderSpi,
                attempt.initiatorMessages,
                attempt.responderMessages,
                attempt.retransmissions,
                notifyType,
                reason == FailureReason.TLS_ALERT ? attempt.tlsAlertDescription : -1,
                reason == FailureReason.TLS_ALERT && attempt.tlsAlertFromClient,
                attempt.espPacketsClientToGateway,
                attempt.espPacketsGatewayToClient,
                direction);
        TunnelEndpoints tunnel = endpoints(state, attempt.clientPort, attempt.gatewayPort);
        boolean inconclusive = attempt.drops > 0;
        String sentence = sentence(reason, tunnel, attempt, evidence);
        if (attempt.rekey) {
            sentence = "Rekey of the established tunnel failed: " + sentence;
        }
        if (inconclusive) {
            sentence = "Inconclusive, the capture lost " + attempt.drops + " packets during the attempt. " + sentence;
        }
        return new HandshakeAlert(at, tunnel, state.agentId, reason.stage(), reason, attempt.number, attempt.rekey,
                attempt.startMicros, inconclusive, attempt.drops, evidence, sentence);
    }

    private static StageWindow window(long first, long last) {
        return first == TunnelState.NEVER ? null : new StageWindow(first, last);
    }

    private static String sentence(FailureReason reason, TunnelEndpoints tunnel, Attempt attempt,
                                   AlertEvidence evidence) {
        String client = tunnel.clientIp().toString();
        String gateway = tunnel.gatewayIp() + (tunnel.gatewayPort() > 0 ? " port " + tunnel.gatewayPort() : "");
        String responder = attempt.initiatorIsClient ? "the gateway" : "the client";
        return switch (reason) {
            case TCP_NO_RESPONSE -> "The client " + client + " got no answer to its TCP SYN to the VPN gateway "
                    + gateway + ": the gateway is unreachable or a firewall drops the login port.";
            case TCP_REFUSED -> "The VPN gateway " + gateway + " refused the client's TCP connection (RST): "
                    + "the login port is closed or remote management is disabled.";
            case TLS_ALERT -> "The TLS login handshake with " + gateway + " failed with a fatal "
                    + Tls.alertName(evidence.tlsAlertDescription()) + " alert from the "
                    + (evidence.tlsAlertFromClient() ? "client" : "gateway")
                    + ": certificate, protocol version or cipher suite mismatch.";
            case TLS_RESET -> "The TCP connection to " + gateway
                    + " was reset during the TLS login handshake: the gateway or a middlebox rejected the client.";
            case TLS_INCOMPLETE -> "The TLS login handshake with " + gateway
                    + " never completed: it stalled or the connection was closed before it finished.";
            case IKE_NOT_STARTED -> "The client " + client + " completed the HTTPS login to " + tunnel.gatewayIp()
                    + " but never started IKE: wrong credentials, a rejected policy or certificate.";
            case IKE_NO_RESPONSE -> "The IKE phase-1 request to " + tunnel.gatewayIp() + " (" + attempt.initiatorMessages
                    + " messages, " + attempt.retransmissions + " retransmissions) got no answer from " + responder
                    + ": UDP 500/4500 is blocked or IKE is not enabled.";
            case IKE_NOTIFY_ERROR -> "The gateway " + tunnel.gatewayIp() + " rejected IKE phase 1 with "
                    + Ike.notifyName(attempt.ikeVersion, evidence.notifyType()) + " ("
                    + evidence.notifyType() + ").";
            case IKE_PHASE1_INCOMPLETE -> "IKE phase 1 between " + client + " and " + tunnel.gatewayIp()
                    + " started but never completed: pre-shared key, identity or proposal mismatch.";
            case IKE_PHASE2_NOT_STARTED -> "IKE phase 1 with " + tunnel.gatewayIp()
                    + " completed but phase 2 (Quick Mode / IKE_AUTH) never started.";
            case IKE_PHASE2_INCOMPLETE -> "IKE phase 2 with " + tunnel.gatewayIp()
                    + " started but never completed: transform set, traffic selectors or authentication rejected.";
            case ESP_NONE -> "IPsec SAs with " + tunnel.gatewayIp()
                    + " were negotiated but no ESP flowed: ESP (IP protocol 50 or UDP 4500) is blocked, or the"
                    + " encrypted IKE exchange failed.";
            case ESP_ONE_WAY -> "ESP flowed only " + (evidence.espDirectionSeen() == EspDirection.CLIENT_TO_GATEWAY
                    ? "from the client to " + tunnel.gatewayIp() + " (" + evidence.espPacketsClientToGateway()
                    + " packets)" : "from " + tunnel.gatewayIp() + " to the client (" + evidence.espPacketsGatewayToClient()
                    + " packets)") + ": the return path, NAT traversal or a firewall drops the other direction.";
        };
    }
}
