package io.tunnelwatch.correlation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scripts the packets of one client and one gateway as facts, the way the agent would summarize them.
 * Capture sequence numbers increase with every packet written, so equal timestamps keep script order.
 */
final class Conversation {
    /** 2023-11-14T22:13:20Z: any fixed instant will do; named offsets from it read as the scenario. */
    static final long T0 = 1_700_000_000_000_000L;
    static final int CLIENT_PORT = 51_000;
    static final int HTTPS = 443;
    static final int ALT_HTTPS = 60_443;
    static final int ISAKMP = 500;
    static final long ISPI = 0x1122_3344_5566_7788L;
    static final long RSPI = 0x0a0b_0c0d_0e0f_1011L;

    final IpAddress client;
    final IpAddress gateway;
    private final String agent;
    private final List<PacketFact> facts = new ArrayList<>();
    private long captureSeq;

    Conversation(String client, String gateway) {
        this(client, gateway, "agent-1");
    }

    Conversation(String client, String gateway, String agent) {
        this.client = IpAddress.parse(client);
        this.gateway = IpAddress.parse(gateway);
        this.agent = agent;
    }

    static long seconds(double offset) {
        return T0 + Math.round(offset * 1_000_000);
    }

    /** Every fact written so far, in script order. */
    List<PacketFact> facts() {
        List<PacketFact> sorted = new ArrayList<>(facts);
        sorted.sort(Comparator.comparingLong(PacketFact::tsMicros).thenComparingLong(PacketFact::captureSeq));
        return sorted;
    }

    TunnelKey key() {
        return TunnelKey.of(client, gateway);
    }

    private PacketFact.Builder packet(long ts, boolean fromClient, PacketKind kind, int clientPort, int gatewayPort) {
        return PacketFact.builder()
                .tsMicros(ts)
                .captureSeq(++captureSeq)
                .agentId(agent)
                .src(fromClient ? client : gateway)
                .dst(fromClient ? gateway : client)
                .srcPort(fromClient ? clientPort : gatewayPort)
                .dstPort(fromClient ? gatewayPort : clientPort)
                .kind(kind)
                .ipLen(100);
    }

    private PacketFact add(PacketFact.Builder builder) {
        PacketFact fact = builder.build();
        facts.add(fact);
        return fact;
    }

    // TCP and TLS -------------------------------------------------------------------------------

    PacketFact syn(long ts, int clientPort, int gatewayPort, long isn) {
        return add(packet(ts, true, PacketKind.TCP, clientPort, gatewayPort).tcpFlags(Tls.TCP_SYN).tcpSeq(isn));
    }

    PacketFact synAck(long ts, int clientPort, int gatewayPort) {
        return add(packet(ts, false, PacketKind.TCP, clientPort, gatewayPort)
                .tcpFlags(Tls.TCP_SYN | Tls.TCP_ACK).tcpSeq(9_000));
    }

    PacketFact rst(long ts, boolean fromClient, int clientPort, int gatewayPort) {
        return add(packet(ts, fromClient, PacketKind.TCP, clientPort, gatewayPort).tcpFlags(Tls.TCP_RST | Tls.TCP_ACK));
    }

    PacketFact fin(long ts, boolean fromClient, int clientPort, int gatewayPort) {
        return add(packet(ts, fromClient, PacketKind.TCP, clientPort, gatewayPort).tcpFlags(Tls.TCP_FIN | Tls.TCP_ACK));
    }

    PacketFact ack(long ts, boolean fromClient, int clientPort, int gatewayPort) {
        return add(packet(ts, fromClient, PacketKind.TCP, clientPort, gatewayPort).tcpFlags(Tls.TCP_ACK));
    }

    /** A segment carrying TLS records of the given content types (20 CCS, 21 alert, 22 handshake, 23 data). */
    PacketFact tls(long ts, boolean fromClient, int clientPort, int gatewayPort, int... contentTypes) {
        return add(packet(ts, fromClient, PacketKind.TCP, clientPort, gatewayPort)
                .tcpFlags(Tls.TCP_ACK | 0x08).tcpPayloadLen(200).tlsContentTypes(contentTypes));
    }

    PacketFact clientHello(long ts, int clientPort, int gatewayPort) {
        return add(packet(ts, true, PacketKind.TCP, clientPort, gatewayPort)
                .tcpFlags(Tls.TCP_ACK | 0x08).tlsContentTypes(22).tlsVersions(0x0301).tlsHandshakeTypes(1));
    }

    PacketFact serverHello(long ts, int clientPort, int gatewayPort, int selectedVersion) {
        return add(packet(ts, false, PacketKind.TCP, clientPort, gatewayPort)
                .tcpFlags(Tls.TCP_ACK | 0x08).tlsContentTypes(22).tlsVersions(0x0303)
                .tlsHandshakeTypes(2, 11, 14).tlsServerVersion(selectedVersion));
    }

    PacketFact fatalAlert(long ts, boolean fromClient, int clientPort, int gatewayPort, int description) {
        return add(packet(ts, fromClient, PacketKind.TCP, clientPort, gatewayPort)
                .tcpFlags(Tls.TCP_ACK | 0x08).tlsContentTypes(21).tlsAlert(2, description));
    }

    /**
     * SYN, SYN-ACK, ClientHello, ServerHello (TLS 1.0), CCS both ways, data both ways: 10 ms apart.
     * Returns when the handshake completed: at the second ChangeCipherSpec (TLS 1.0).
     */
    long tlsLogin(long ts, int clientPort, int gatewayPort) {
        syn(ts, clientPort, gatewayPort, 1_000 + clientPort);
        synAck(ts + 10_000, clientPort, gatewayPort);
        clientHello(ts + 20_000, clientPort, gatewayPort);
        serverHello(ts + 30_000, clientPort, gatewayPort, 0x0301);
        tls(ts + 40_000, true, clientPort, gatewayPort, 22, 20, 22);
        tls(ts + 50_000, false, clientPort, gatewayPort, 20, 22);
        tls(ts + 60_000, true, clientPort, gatewayPort, 23);
        tls(ts + 70_000, false, clientPort, gatewayPort, 23);
        return ts + 50_000;
    }

    // IKE ---------------------------------------------------------------------------------------

    PacketFact ikev1(long ts, boolean fromClient, int exchange, long ispi, long rspi, boolean encrypted,
                     int... notifies) {
        return add(packet(ts, fromClient, PacketKind.IKE, ISAKMP, ISAKMP)
                .ikeVersion(1).ikeExchangeType(exchange).ikeInitiatorSpi(ispi).ikeResponderSpi(rspi)
                .ikeFlags(encrypted ? 1 : 0).ikeEncrypted(encrypted).ikeLength(100 + (int) (ts % 97))
                .ikeMessageId(exchange == Ike.V1_IDENTITY_PROTECTION || exchange == Ike.V1_AGGRESSIVE ? 0 : 7)
                .ikeNotifyTypes(notifies).ikePayloadTypes(notifies.length > 0 ? new int[] {11} : new int[] {1}));
    }

    /** A retransmission: the very same message again. */
    PacketFact again(long ts, PacketFact original) {
        PacketFact copy = new PacketFact(ts, ++captureSeq, original.agentId(), original.srcIpHigh(),
                original.srcIpLow(), original.dstIpHigh(), original.dstIpLow(), original.srcPort(), original.dstPort(),
                original.kind(), original.ipLen(), original.natt(), original.tcpFlags(), original.tcpSeq(),
                original.tcpAck(), original.tcpPayloadLen(), original.tlsContentTypes(), original.tlsVersions(),
                original.tlsHandshakeTypes(), original.tlsAlertLevel(), original.tlsAlertDescription(),
                original.sslv2(), original.tlsServerVersion(), original.ikeVersion(), original.ikeExchangeType(),
                original.ikeInitiatorSpi(), original.ikeResponderSpi(), original.ikeFlags(), original.ikeMessageId(),
                original.ikeLength(), original.ikePayloadTypes(), original.ikeNotifyTypes(), original.ikeEncrypted(),
                original.espSpi(), original.espSeq(), original.aggregatePackets(), original.aggregateBytes(),
                original.aggregateLastTsMicros());
        facts.add(copy);
        return copy;
    }

    PacketFact mainMode1(long ts, long ispi) {
        return ikev1(ts, true, Ike.V1_IDENTITY_PROTECTION, ispi, 0, false);
    }

    /** Main Mode, six messages 100 ms apart, the last two encrypted; returns the time of MM6. */
    long mainMode(long ts, long ispi) {
        mainMode1(ts, ispi);
        ikev1(ts + 100_000, false, Ike.V1_IDENTITY_PROTECTION, ispi, RSPI, false);
        ikev1(ts + 200_000, true, Ike.V1_IDENTITY_PROTECTION, ispi, RSPI, false);
        ikev1(ts + 300_000, false, Ike.V1_IDENTITY_PROTECTION, ispi, RSPI, false);
        ikev1(ts + 400_000, true, Ike.V1_IDENTITY_PROTECTION, ispi, RSPI, true);
        ikev1(ts + 500_000, false, Ike.V1_IDENTITY_PROTECTION, ispi, RSPI, true);
        return ts + 500_000;
    }

    /** Quick Mode QM1 (client), QM2 (gateway), QM3 (client), 100 ms apart; returns the time of QM2. */
    long quickMode(long ts, long ispi) {
        ikev1(ts, true, Ike.V1_QUICK_MODE, ispi, RSPI, true);
        ikev1(ts + 100_000, false, Ike.V1_QUICK_MODE, ispi, RSPI, true);
        ikev1(ts + 200_000, true, Ike.V1_QUICK_MODE, ispi, RSPI, true);
        return ts + 100_000;
    }

    PacketFact ikev2(long ts, boolean fromClient, int exchange, boolean response, long ispi, long rspi,
                     long messageId, int[] payloads, int... notifies) {
        int flags = (fromClient ? Ike.V2_FLAG_INITIATOR : 0) | (response ? Ike.V2_FLAG_RESPONSE : 0);
        return add(packet(ts, fromClient, PacketKind.IKE, ISAKMP, ISAKMP)
                .ikeVersion(2).ikeExchangeType(exchange).ikeInitiatorSpi(ispi).ikeResponderSpi(rspi)
                .ikeFlags(flags).ikeMessageId(messageId).ikeLength(200 + (int) (ts % 89))
                .ikePayloadTypes(payloads).ikeNotifyTypes(notifies).ikeEncrypted(exchange != Ike.V2_IKE_SA_INIT));
    }

    static final int[] SA_KE_NONCE = {33, 34, 40};
    static final int[] NOTIFY_ONLY = {41};
    static final int[] ENCRYPTED = {46};

    // ESP ---------------------------------------------------------------------------------------

    PacketFact esp(long ts, boolean fromClient) {
        return add(packet(ts, fromClient, PacketKind.ESP, 0, 0).espSpi(fromClient ? 0x8316d0a3L : 0x2b28e6aeL)
                .espSeq(1).ipLen(140));
    }

    PacketFact espAggregate(long ts, boolean fromClient, int packets, long bytes, long lastTs) {
        return add(packet(ts, fromClient, PacketKind.ESP, 0, 0).espSpi(fromClient ? 0x8316d0a3L : 0x2b28e6aeL)
                .aggregate(packets, bytes, lastTs));
    }
}
