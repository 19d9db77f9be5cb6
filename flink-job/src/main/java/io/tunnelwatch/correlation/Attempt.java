package io.tunnelwatch.correlation;

import java.util.Arrays;

/** One try to bring the tunnel up (or, on an established key, a rekey): its phase, timers' anchors and evidence. */
final class Attempt {
    /** Auto mode opens two; a few more cover client retries within one attempt. */
    static final int MAX_CONNECTIONS = 4;
    private static final TlsConnection[] NO_CONNECTIONS = new TlsConnection[0];

    final int number;
    final boolean rekey;
    final long startMicros;
    TunnelPhase phase;
    /** The event the current phase's timeout runs from. */
    long phaseAnchorMicros;
    int clientPort;
    int gatewayPort;

    long connectivityFirst = TunnelState.NEVER;
    long connectivityLast = TunnelState.NEVER;
    long policyFirst = TunnelState.NEVER;
    long policyLast = TunnelState.NEVER;
    long networkFirst = TunnelState.NEVER;
    long networkLast = TunnelState.NEVER;

    TlsConnection[] connections = NO_CONNECTIONS;
    int tcpConnections;
    int tlsAlertDescription = -1;
    boolean tlsAlertFromClient;

    int ikeVersion;
    int phase1Exchange;
    long initiatorSpi;
    long responderSpi;
    boolean initiatorIsClient;
    boolean responderSpoke;
    /** IKEv2 INVALID_KE_PAYLOAD seen: the alert if phase 1 times out. */
    int retryHintNotify;
    int initiatorMessages;
    int responderMessages;
    long lastInitiatorMessage;
    long lastResponderMessage;
    boolean phase2InitiatorIsClient;
    int retransmissions;

    long espPacketsClientToGateway;
    long espBytesClientToGateway;
    long espPacketsGatewayToClient;
    long espBytesGatewayToClient;

    long drops;

    Attempt(int number, boolean rekey, long startMicros, TunnelPhase phase) {
        this.number = number;
        this.rekey = rekey;
        this.startMicros = startMicros;
        this.phase = phase;
        this.phaseAnchorMicros = startMicros;
    }

    Attempt copy() {
        Attempt copy = new Attempt(number, rekey, startMicros, phase);
        copy.phaseAnchorMicros = phaseAnchorMicros;
        copy.clientPort = clientPort;
        copy.gatewayPort = gatewayPort;
        copy.connectivityFirst = connectivityFirst;
        copy.connectivityLast = connectivityLast;
        copy.policyFirst = policyFirst;
        copy.policyLast = policyLast;
        copy.networkFirst = networkFirst;
        copy.networkLast = networkLast;
        copy.connections = connections.length == 0 ? NO_CONNECTIONS : new TlsConnection[connections.length];
        for (int i = 0; i < connections.length; i++) {
            copy.connections[i] = connections[i].copy();
        }
        copy.tcpConnections = tcpConnections;
        copy.tlsAlertDescription = tlsAlertDescription;
        copy.tlsAlertFromClient = tlsAlertFromClient;
        copy.ikeVersion = ikeVersion;
        copy.phase1Exchange = phase1Exchange;
        copy.initiatorSpi = initiatorSpi;
        copy.responderSpi = responderSpi;
        copy.initiatorIsClient = initiatorIsClient;
        copy.responderSpoke = responderSpoke;
        copy.retryHintNotify = retryHintNotify;
        copy.initiatorMessages = initiatorMessages;
        copy.responderMessages = responderMessages;
        copy.lastInitiatorMessage = lastInitiatorMessage;
        copy.lastResponderMessage = lastResponderMessage;
        copy.phase2InitiatorIsClient = phase2InitiatorIsClient;
        copy.retransmissions = retransmissions;
        copy.espPacketsClientToGateway = espPacketsClientToGateway;
        copy.espBytesClientToGateway = espBytesClientToGateway;
        copy.espPacketsGatewayToClient = espPacketsGatewayToClient;
        copy.espBytesGatewayToClient = espBytesGatewayToClient;
        copy.drops = drops;
        return copy;
    }

    void enterPhase(TunnelPhase next, long anchorMicros) {
        phase = next;
        phaseAnchorMicros = anchorMicros;
    }

    TlsConnection connection(int clientPort, int gatewayPort) {
        for (TlsConnection connection : connections) {
            if (connection.clientPort == clientPort && connection.gatewayPort == gatewayPort) {
                return connection;
            }
        }
        return null;
    }

    /** Adds a connection; when the table is full the oldest finished one (else the oldest) makes room. */
    TlsConnection addConnection(int clientPort, int gatewayPort) {
        TlsConnection added = new TlsConnection(clientPort, gatewayPort);
        tcpConnections++;
        if (connections.length < MAX_CONNECTIONS) {
            connections = Arrays.copyOf(connections, connections.length + 1);
            connections[connections.length - 1] = added;
            return added;
        }
        int evicted = 0;
        for (int i = 0; i < connections.length; i++) {
            if (!connections[i].isOpen()) {
                evicted = i;
                break;
            }
        }
        System.arraycopy(connections, evicted + 1, connections, evicted, connections.length - evicted - 1);
        connections[connections.length - 1] = added;
        return added;
    }

    void removeConnection(TlsConnection removed) {
        int at = Arrays.asList(connections).indexOf(removed);
        if (at >= 0) {
            TlsConnection[] rest = new TlsConnection[connections.length - 1];
            System.arraycopy(connections, 0, rest, 0, at);
            System.arraycopy(connections, at + 1, rest, at, connections.length - at - 1);
            connections = rest;
        }
    }

    boolean hasOpenConnection() {
        for (TlsConnection connection : connections) {
            if (connection.isOpen()) {
                return true;
            }
        }
        return false;
    }

    /** The open connection that times out first, or null. */
    TlsConnection firstToTimeOut(CorrelationConfig config) {
        TlsConnection first = null;
        for (TlsConnection connection : connections) {
            if (connection.isOpen() && (first == null
                    || connection.deadlineMicros(config) < first.deadlineMicros(config))) {
                first = connection;
            }
        }
        return first;
    }

    void sawConnectivity(long at) {
        if (connectivityFirst == TunnelState.NEVER) {
            connectivityFirst = at;
        }
        connectivityLast = Math.max(connectivityLast, at);
    }

    void sawPolicy(long at) {
        if (policyFirst == TunnelState.NEVER) {
            policyFirst = at;
        }
        policyLast = Math.max(policyLast, at);
    }

    /** An ESP packet at {@code first}, or an aggregate of packets from {@code first} to {@code last}. */
    void sawNetwork(long first, long last) {
        if (networkFirst == TunnelState.NEVER) {
            networkFirst = first;
        }
        networkLast = Math.max(networkLast, last);
    }

    void countEsp(boolean fromClient, long packets, long bytes) {
        if (fromClient) {
            espPacketsClientToGateway += packets;
            espBytesClientToGateway += bytes;
        } else {
            espPacketsGatewayToClient += packets;
            espBytesGatewayToClient += bytes;
        }
    }

    boolean espBothWays() {
        return espPacketsClientToGateway > 0 && espPacketsGatewayToClient > 0;
    }
}
