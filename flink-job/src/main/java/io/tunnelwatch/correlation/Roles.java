package io.tunnelwatch.correlation;

/**
 * Who is the gateway on a key: configured CIDRs first; else learned from the traffic, an IKE
 * responder being proof and a TLS server on a VPN port only a guess until IKE follows.
 */
final class Roles {

    enum Side { CLIENT, GATEWAY, UNKNOWN }

    private Roles() {
    }

    /** Learns what the fact says about the roles, then says which side sent it. */
    static Side sender(Step step, PacketFact fact) {
        learn(step, fact);
        TunnelState state = step.state;
        if (state.gateway == null) {
            return Side.UNKNOWN;
        }
        IpAddress src = fact.src();
        if (src.equals(state.gateway)) {
            return Side.GATEWAY;
        }
        return src.equals(state.client) ? Side.CLIENT : Side.UNKNOWN;
    }

    private static void learn(Step step, PacketFact fact) {
        TunnelState state = step.state;
        CorrelationConfig config = step.config;
        if (state.gatewayEvidence == GatewayEvidence.KNOWN) {
            return;
        }
        IpAddress src = fact.src();
        IpAddress dst = fact.dst();
        if (config.hasGateways()) {
            boolean srcIsGateway = config.isGateway(src);
            state.assignRoles(srcIsGateway ? src : dst, srcIsGateway ? dst : src, GatewayEvidence.KNOWN);
            return;
        }
        switch (fact.kind()) {
            case IKE -> {
                IpAddress responder = ikeResponder(fact);
                if (responder != null) {
                    state.assignRoles(responder, responder.equals(src) ? dst : src, GatewayEvidence.KNOWN);
                } else if (state.gatewayEvidence == GatewayEvidence.TLS_SERVER) {
                    state.gatewayEvidence = GatewayEvidence.KNOWN;
                }
            }
            case TCP -> {
                IpAddress server = state.gatewayEvidence == GatewayEvidence.NONE ? tlsServer(fact, config) : null;
                if (server != null) {
                    state.assignRoles(server, server.equals(src) ? dst : src, GatewayEvidence.TLS_SERVER);
                }
            }
            default -> {
                // ESP alone does not say who is who.
            }
        }
    }

    /**
     * IKEv1: the receiver of a first Main or Aggressive Mode message (zero responder cookie).
     * IKEv2: the side that sends without the Initiator flag.
     */
    private static IpAddress ikeResponder(PacketFact fact) {
        if (fact.ikeVersion() == 2) {
            return (fact.ikeFlags() & Ike.V2_FLAG_INITIATOR) != 0 ? fact.dst() : fact.src();
        }
        boolean firstMessage = (fact.ikeExchangeType() == Ike.V1_IDENTITY_PROTECTION
                || fact.ikeExchangeType() == Ike.V1_AGGRESSIVE) && fact.ikeResponderSpi() == 0;
        return firstMessage ? fact.dst() : null;
    }

    /** The side on a VPN port; if both are, the one a SYN goes to. */
    private static IpAddress tlsServer(PacketFact fact, CorrelationConfig config) {
        boolean srcVpn = config.isVpnPort(fact.srcPort());
        boolean dstVpn = config.isVpnPort(fact.dstPort());
        if (srcVpn != dstVpn) {
            return srcVpn ? fact.src() : fact.dst();
        }
        if (srcVpn && fact.hasTcpFlag(Tls.TCP_SYN)) {
            return fact.hasTcpFlag(Tls.TCP_ACK) ? fact.src() : fact.dst();
        }
        return null;
    }
}
