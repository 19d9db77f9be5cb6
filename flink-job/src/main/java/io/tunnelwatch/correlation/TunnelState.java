package io.tunnelwatch.correlation;

import java.util.Arrays;

/**
 * Everything remembered about one tunnel key between two events. Small on purpose (no list grows
 * with packets): the roles, the session counters, a little memory of the last attempt so that its
 * retransmissions never start a new one, and the running {@link Attempt} if any.
 *
 * <p>Instances are never changed once handed out: {@link TunnelStateMachine} works on a copy, so the
 * transition functions are pure.
 */
public final class TunnelState {
    static final long NEVER = Long.MIN_VALUE;
    /** Connections of earlier attempts remembered to recognize their late segments and retransmitted SYNs. */
    private static final int MAX_PAST_CONNECTIONS = 4;
    private static final long[] NO_PAST_CONNECTIONS = new long[0];

    IpAddress client;
    IpAddress gateway;
    GatewayEvidence gatewayEvidence = GatewayEvidence.NONE;
    /** The first agent that saw the key: its drop counters speak for the key's verdicts. */
    String agentId;
    int clientPort;
    int gatewayPort;

    /** Last packet between the pair that mattered; NEVER means "nothing to remember". */
    long lastActivityMicros = NEVER;
    int attemptsSinceEstablished;
    long lastDropCounter = -1;
    /** Initiator SPI (IKEv1 cookie) of the latest phase-1 negotiation; 0 when none. */
    long lastPhase1Spi;
    /** Packed (client port, gateway port, initial sequence) of connections of earlier attempts. */
    long[] pastConnections = NO_PAST_CONNECTIONS;

    long establishedAtMicros = NEVER;
    /** Session counters while established; ESP of no attempt (a possible pickup) while not. */
    long espPacketsClientToGateway;
    long espBytesClientToGateway;
    long espPacketsGatewayToClient;
    long espBytesGatewayToClient;
    long lastEspFromClient = NEVER;
    long lastEspFromGateway = NEVER;

    Attempt attempt;

    /** The state of a key nothing is known about. */
    public static TunnelState empty() {
        return new TunnelState();
    }

    TunnelState copy() {
        TunnelState copy = new TunnelState();
        copy.client = client;
        copy.gateway = gateway;
        copy.gatewayEvidence = gatewayEvidence;
        copy.agentId = agentId;
        copy.clientPort = clientPort;
        copy.gatewayPort = gatewayPort;
        copy.lastActivityMicros = lastActivityMicros;
        copy.attemptsSinceEstablished = attemptsSinceEstablished;
        copy.lastDropCounter = lastDropCounter;
        copy.lastPhase1Spi = lastPhase1Spi;
        copy.pastConnections = pastConnections;
        copy.establishedAtMicros = establishedAtMicros;
        copy.espPacketsClientToGateway = espPacketsClientToGateway;
        copy.espBytesClientToGateway = espBytesClientToGateway;
        copy.espPacketsGatewayToClient = espPacketsGatewayToClient;
        copy.espBytesGatewayToClient = espBytesGatewayToClient;
        copy.lastEspFromClient = lastEspFromClient;
        copy.lastEspFromGateway = lastEspFromGateway;
        copy.attempt = attempt == null ? null : attempt.copy();
        return copy;
    }

    /** IDLE with nothing pending and nothing to remember: the adapter may clear state and timers. */
    public boolean isEmpty() {
        return attempt == null && establishedAtMicros == NEVER && lastActivityMicros == NEVER;
    }

    public TunnelPhase phase() {
        if (attempt != null && !attempt.rekey) {
            return attempt.phase;
        }
        return isEstablished() ? TunnelPhase.ESTABLISHED : TunnelPhase.IDLE;
    }

    public boolean isEstablished() {
        return establishedAtMicros != NEVER;
    }

    /** Whether a rekey (a phase-1 negotiation on the established tunnel) is being judged. */
    public boolean rekeyPending() {
        return attempt != null && attempt.rekey;
    }

    public int attemptsSinceEstablished() {
        return attemptsSinceEstablished;
    }

    /** The first agent that saw the key, whose drop counters speak for its verdicts; null while empty. */
    public String agentId() {
        return agentId;
    }

    /** The agent's cumulative drop counter last reported to this key; -1 before the first report. */
    public long lastDropCounter() {
        return lastDropCounter;
    }

    public boolean gatewayKnown() {
        return gatewayEvidence == GatewayEvidence.KNOWN;
    }

    /** The client address, or null while the roles are unknown. */
    public IpAddress clientIp() {
        return client;
    }

    /** The gateway address, or null while the roles are unknown. */
    public IpAddress gatewayIp() {
        return gateway;
    }

    void assignRoles(IpAddress newGateway, IpAddress newClient, GatewayEvidence evidence) {
        gateway = newGateway;
        client = newClient;
        gatewayEvidence = evidence;
    }

    void touch(long atMicros) {
        lastActivityMicros = Math.max(lastActivityMicros, atMicros);
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

    void resetEspCounters() {
        espPacketsClientToGateway = 0;
        espBytesClientToGateway = 0;
        espPacketsGatewayToClient = 0;
        espBytesGatewayToClient = 0;
    }

    void rememberConnection(TlsConnection connection) {
        long id = connectionId(connection.clientPort, connection.gatewayPort, connection.initialSequence);
        long[] grown = pastConnections.length < MAX_PAST_CONNECTIONS
                ? Arrays.copyOf(pastConnections, pastConnections.length + 1)
                : Arrays.copyOfRange(pastConnections, 1, MAX_PAST_CONNECTIONS + 1);
        grown[grown.length - 1] = id;
        pastConnections = grown;
    }

    /**
     * Whether a segment belongs to a connection of an earlier attempt: same ports, and for a SYN the
     * same initial sequence number (a new ISN on the same ports is a new connection).
     */
    boolean remembersConnection(int clientPort, int gatewayPort, boolean syn, long initialSequence) {
        long ports = connectionId(clientPort, gatewayPort, 0) >>> 32;
        for (long id : pastConnections) {
            if (id >>> 32 == ports && (!syn || (int) id == (int) initialSequence)) {
                return true;
            }
        }
        return false;
    }

    /** Ports in the high half, ISN in the low half (an unknown ISN is stored as 0). */
    private static long connectionId(int clientPort, int gatewayPort, long initialSequence) {
        long ports = ((long) (clientPort & 0xffff) << 16) | (gatewayPort & 0xffff);
        long isn = initialSequence == TlsConnection.UNKNOWN_ISN ? 0 : initialSequence & 0xffff_ffffL;
        return ports << 32 | isn;
    }

    /** Forgets the key entirely. */
    void forget() {
        client = null;
        gateway = null;
        gatewayEvidence = GatewayEvidence.NONE;
        agentId = null;
        clientPort = 0;
        gatewayPort = 0;
        lastActivityMicros = NEVER;
        attemptsSinceEstablished = 0;
        lastDropCounter = -1;
        lastPhase1Spi = 0;
        pastConnections = NO_PAST_CONNECTIONS;
        establishedAtMicros = NEVER;
        resetEspCounters();
        lastEspFromClient = NEVER;
        lastEspFromGateway = NEVER;
        attempt = null;
    }

    /** The one deadline this key needs to be woken at, or {@link Transition#NO_TIMER}. */
    public long nextDeadlineMicros(CorrelationConfig config) {
        return Deadlines.next(this, config);
    }

    @Override
    public String toString() {
        return "TunnelState[" + phase() + (rekeyPending() ? "+rekey" : "") + ", client=" + client
                + ", gateway=" + gateway + " (" + gatewayEvidence + "), attempts=" + attemptsSinceEstablished
                + ", lastActivity=" + lastActivityMicros + "]";
    }
}
