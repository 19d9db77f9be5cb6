package io.tunnelwatch.correlation;

/**
 * Stage 1: TCP and TLS to a VPN port. Every client connection of an attempt is followed; the first
 * completed handshake moves the attempt on, and a connection's failure fails the attempt only when
 * no other connection of it is still open ("Auto" tries 443 and 60443 at once).
 */
final class Connectivity {

    private Connectivity() {
    }

    static void onSegment(Step step, PacketFact fact, boolean fromClient) {
        TunnelState state = step.state;
        int clientPort = fromClient ? fact.srcPort() : fact.dstPort();
        int gatewayPort = fromClient ? fact.dstPort() : fact.srcPort();
        if (!step.config.isVpnPort(gatewayPort)) {
            return;
        }
        if (state.isEstablished()) {
            // Keep-alive and logout sessions belong to the established tunnel.
            state.touch(fact.lastTsMicros());
            return;
        }
        long at = fact.tsMicros();
        boolean clientSyn = fromClient && fact.hasTcpFlag(Tls.TCP_SYN) && !fact.hasTcpFlag(Tls.TCP_ACK);
        Attempt attempt = state.attempt;
        TlsConnection connection = attempt == null ? null : attempt.connection(clientPort, gatewayPort);
        if (connection != null && clientSyn && connection.synSeen()
                && connection.initialSequence != fact.tcpSeq()) {
            // Same ports, new initial sequence number: a new connection, not a retransmission.
            attempt.removeConnection(connection);
            connection = null;
        }
        if (connection == null) {
            if (!clientSyn && !fact.hasTlsRecords()) {
                return;
            }
            if (state.remembersConnection(clientPort, gatewayPort, clientSyn, fact.tcpSeq())) {
                // Still alive: keep remembering it, so a long session never restarts an attempt.
                state.touch(fact.lastTsMicros());
                return;
            }
            if (attempt == null) {
                attempt = Lifecycle.startAttempt(step, TunnelPhase.CONNECTIVITY, at, clientPort, gatewayPort, false);
            }
            connection = attempt.addConnection(clientPort, gatewayPort);
            if (!clientSyn) {
                // The capture began mid-connection: the handshake is taken to start here.
                connection.handshakeStartMicros = at;
            }
        }
        state.touch(fact.lastTsMicros());
        attempt.sawConnectivity(at);
        if (attempt.phase == TunnelPhase.CONNECTIVITY && !attempt.rekey) {
            follow(step, attempt, connection, fact, fromClient, clientSyn);
        }
    }

    private static void follow(Step step, Attempt attempt, TlsConnection connection, PacketFact fact,
                               boolean fromClient, boolean clientSyn) {
        long at = fact.tsMicros();
        if (!connection.isOpen()) {
            return;
        }
        if (clientSyn) {
            if (connection.synSeen()) {
                attempt.retransmissions++;
            } else {
                connection.sawSyn(fact.tcpSeq(), at);
            }
            return;
        }
        if (fact.hasTcpFlag(Tls.TCP_RST)) {
            if (connection.handshakeStarted()) {
                failConnection(step, attempt, connection, FailureReason.TLS_RESET, at);
            } else if (!fromClient) {
                failConnection(step, attempt, connection, FailureReason.TCP_REFUSED, at);
            }
            return;
        }
        if (!connection.handshakeStarted()) {
            // A SYN-ACK, or any later segment if the SYN-ACK was not captured.
            connection.handshakeStartMicros = at;
        }
        readTlsRecords(connection, fact, fromClient);
        if (fact.tlsAlertLevel() == Tls.ALERT_LEVEL_FATAL) {
            attempt.tlsAlertDescription = fact.tlsAlertDescription();
            attempt.tlsAlertFromClient = fromClient;
            failConnection(step, attempt, connection, FailureReason.TLS_ALERT, at);
            return;
        }
        if (connection.handshakeComplete()) {
            connection.markCompleted();
            attempt.enterPhase(TunnelPhase.AWAITING_IKE, at);
            return;
        }
        if (fact.hasTcpFlag(Tls.TCP_FIN)) {
            failConnection(step, attempt, connection, FailureReason.TLS_INCOMPLETE, at);
        }
    }

    private static void readTlsRecords(TlsConnection connection, PacketFact fact, boolean fromClient) {
        for (int contentType : fact.tlsContentTypes()) {
            if (contentType == Tls.CHANGE_CIPHER_SPEC) {
                connection.sawChangeCipherSpec(fromClient);
            } else if (contentType == Tls.APPLICATION_DATA) {
                connection.sawApplicationData(fromClient);
            }
        }
        if (fact.tlsServerVersion() != 0) {
            connection.sawServerVersion(fact.tlsServerVersion());
        }
    }

    /** One connection failed; the attempt fails with it only if no other connection of it is open. */
    static void failConnection(Step step, Attempt attempt, TlsConnection connection, FailureReason reason, long at) {
        connection.failure = reason;
        if (!attempt.hasOpenConnection()) {
            Lifecycle.fail(step, reason, at, 0);
        }
    }
}
