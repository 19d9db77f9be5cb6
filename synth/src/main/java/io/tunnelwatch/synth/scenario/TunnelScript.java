package io.tunnelwatch.synth.scenario;

import io.tunnelwatch.synth.esp.EspPackets;
import io.tunnelwatch.synth.ike.IkeV1Messages;
import io.tunnelwatch.synth.ike.IkeV2Messages;
import io.tunnelwatch.synth.packet.Host;
import io.tunnelwatch.synth.packet.PacketBuilder;
import io.tunnelwatch.synth.packet.TcpConnection;
import io.tunnelwatch.synth.packet.TcpConnection.Side;
import io.tunnelwatch.synth.pcap.FrameSink;
import io.tunnelwatch.synth.tls.QuickVpnFlights;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The building blocks of one tunnel key's traffic and the bookkeeping of what the job must emit for it. A cursor
 * {@code now} moves forward as messages are sent: a gateway answers after a short think, a client after a round
 * trip. The capture point sits at the gateway's uplink, so a client's packet is stamped when it arrives there.
 *
 * <p>Expected events follow the contract with its default timeouts: an alert at the event or at its timer's
 * nominal deadline; "established" at the ESP packet that first completes both directions; "closed" at the last
 * activity (ESP, IKE, or any segment of a TCP connection to a gateway VPN port) plus the idle timeout.
 */
final class TunnelScript {
    static final int HTTPS_PORT = 443;

    final Host client;
    final Host gateway;
    final SplittableRandom rng;
    final PacketBuilder packets;
    final QuickVpnFlights quickVpn;
    private final FrameSink sink;
    private final List<ExpectedEvent> expected = new ArrayList<>();
    /** Round-trip time between gateway and client, fixed per tunnel (a DSL or mobile client far away). */
    private final long roundTripMicros;
    private final EspTraffic espTraffic;

    long now;
    private long lastActivity;
    private int attemptsSinceEstablished;
    private long establishedAt = -1;
    private int nextClientPort;

    /** The current IPsec SA pair: SPIs chosen at phase 2, sequence numbers counting per direction. */
    private long spiClientToGateway;
    private long spiGatewayToClient;
    private long sequenceClientToGateway;
    private long sequenceGatewayToClient;
    /** ESP over UDP 4500 from this NAT-translated client port, or 0 for ESP over IP protocol 50. */
    private int espUdpClientPort;

    TunnelScript(TunnelPlan plan, FrameSink sink) {
        this.client = plan.client();
        this.gateway = plan.gateway();
        this.rng = new SplittableRandom(plan.seed());
        this.packets = new PacketBuilder(rng.nextInt(0x10000));
        this.quickVpn = new QuickVpnFlights(rng);
        this.roundTripMicros = between(15_000, 180_000);
        this.nextClientPort = (int) between(1025, 4000);   // Windows XP's ephemeral range starts at 1025
        this.now = plan.startMicros();
        this.espTraffic = plan.espTraffic();
        this.sink = (ts, frame) -> {
            sink.add(ts, frame);
            lastActivity = Math.max(lastActivity, ts);
        };
    }

    List<ExpectedEvent> expected() {
        return expected;
    }

    // ---- time -------------------------------------------------------------------------------------------

    /** The gateway answers after processing: 0.2 to 2 ms. */
    void gatewayThinks() {
        now += between(200, 2_000);
    }

    /** The client's next packet arrives one round trip (with 10% jitter) after the gateway's. */
    void roundTrip() {
        now += roundTripMicros + between(0, roundTripMicros / 10 + 1);
    }

    void pause(long minMicros, long maxMicros) {
        now += between(minMicros, maxMicros);
    }

    long between(long minInclusive, long maxInclusive) {
        return minInclusive + rng.nextLong(maxInclusive - minInclusive + 1);
    }

    long lastActivity() {
        return lastActivity;
    }

    // ---- expectations ----------------------------------------------------------------------------------

    /** A client starts a new attempt: the alert counter counts them since the key was last established. */
    void startAttempt() {
        attemptsSinceEstablished++;
    }

    void expectAlert(FailureReason reason, long ts, String evidence) {
        expected.add(ExpectedEvent.alert(client.addressText(), gateway.addressText(), reason,
            attemptsSinceEstablished, ts, evidence));
    }

    void expectRekeyAlert(FailureReason reason, long ts) {
        expected.add(ExpectedEvent.rekeyAlert(client.addressText(), gateway.addressText(), reason,
            attemptsSinceEstablished, ts));
    }

    void expectEstablished(long ts) {
        expected.add(ExpectedEvent.established(client.addressText(), gateway.addressText(),
            attemptsSinceEstablished, ts));
        attemptsSinceEstablished = 0;
        establishedAt = ts;
    }

    /**
     * Established without a handshake (ESP both ways on an idle key with a known gateway): no attempt succeeded,
     * so the event's attempt is 0; the counter restarts as after any establishment.
     */
    void expectPickedUp(long ts) {
        expected.add(ExpectedEvent.established(client.addressText(), gateway.addressText(), 0, ts));
        attemptsSinceEstablished = 0;
        establishedAt = ts;
    }

    /** Nothing more flows: the key closes at the last activity plus the idle timeout. */
    void expectClosedAfterIdle() {
        if (establishedAt < 0) {
            throw new IllegalStateException("closing a tunnel that was never established");
        }
        expected.add(ExpectedEvent.closed(client.addressText(), gateway.addressText(),
            lastActivity + Timeouts.IDLE, lastActivity - establishedAt));
        establishedAt = -1;
        now = lastActivity + Timeouts.IDLE;
    }

    /** A frame between any two hosts at the cursor's time (noise to other servers, DNS). */
    void emit(byte[] frame) {
        sink.add(now, frame);
    }

    // ---- TCP and TLS -----------------------------------------------------------------------------------

    TcpConnection connect(Host server, int serverPort) {
        int clientPort = nextClientPort++;
        return new TcpConnection(packets, sink, client, clientPort, server, serverPort, rng.nextLong(1L << 32),
            rng.nextLong(1L << 32)).window(Side.SERVER, 5840);
    }

    /** SYN, SYN-ACK, ACK; returns the SYN-ACK's time (where a TLS handshake starts). */
    long tcpHandshake(TcpConnection tcp) {
        tcp.syn(now);
        gatewayThinks();
        tcp.synAck(now);
        long synAck = now;
        roundTrip();
        tcp.ack(now, Side.CLIENT);
        return synAck;
    }

    /**
     * A QuickVPN HTTPS session to the gateway as the seed shows it: SSLv2 hello, TLS 1.0 handshake, the login
     * request and the router's answer (policy), encrypted close_notify both ways, the client's FIN and the
     * router's RST. Returns the time the handshake completed (the router's ChangeCipherSpec: the second one).
     */
    long quickVpnSession(boolean routerResets) {
        TcpConnection tcp = connect(gateway, HTTPS_PORT);
        tcpHandshake(tcp);
        now += between(100, 400);
        tcp.send(now, Side.CLIENT, quickVpn.clientHello());
        gatewayThinks();
        tcp.send(now, Side.SERVER, quickVpn.serverHelloFlight(List.of((int) between(600, 900))));
        roundTrip();
        tcp.send(now, Side.CLIENT, quickVpn.clientKeyExchangeFlight());
        pause(20_000, 40_000);   // the router's RSA private-key operation
        tcp.send(now, Side.SERVER, quickVpn.changeCipherSpecAndFinished());
        long completed = now;
        roundTrip();
        tcp.send(now, Side.CLIENT, quickVpn.applicationData((int) between(200, 400)));
        pause(60_000, 120_000);
        tcp.ack(now, Side.SERVER);
        pause(2_000_000, 4_000_000);   // the router checks the login and prepares the policy
        tcp.send(now, Side.SERVER, quickVpn.applicationData((int) between(250, 700)));
        now += between(500, 1_500);
        tcp.send(now, Side.SERVER, quickVpn.encryptedAlert());
        now += between(20, 60);
        tcp.ack(now, Side.CLIENT);
        now += between(50, 150);
        tcp.send(now, Side.CLIENT, quickVpn.encryptedAlert());
        now += between(50, 150);
        tcp.fin(now, Side.CLIENT);
        if (routerResets) {
            roundTrip();
            tcp.rst(now, Side.SERVER, false);
        }
        return completed;
    }

    // ---- IKEv1 -----------------------------------------------------------------------------------------

    IkeV1Messages newIkeV1Sa() {
        return new IkeV1Messages(nonZero(), nonZero(), rng);
    }

    void ikeFromClient(byte[] message) {
        sink.add(now, packets.udp(client, gateway, EspPackets.IKE_PORT, EspPackets.IKE_PORT, message));
    }

    void ikeFromGateway(byte[] message) {
        sink.add(now, packets.udp(gateway, client, EspPackets.IKE_PORT, EspPackets.IKE_PORT, message));
    }

    /**
     * The first {@code count} Main Mode messages, alternating initiator (client) and responder; the gateway's
     * Diffie-Hellman computation delays MM4. Returns each message's time, index 0 = MM1.
     */
    long[] mainMode(IkeV1Messages ike, int count) {
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            boolean fromClient = i % 2 == 0;
            if (i > 0) {
                if (fromClient) {
                    roundTrip();
                } else if (i == 3) {
                    pause(5_000, 60_000);
                } else {
                    gatewayThinks();
                }
            }
            byte[] message = switch (i) {
                case 0 -> ike.mainMode1();
                case 1 -> ike.mainMode2();
                case 2, 3 -> ike.mainMode34();
                default -> ike.mainMode56();
            };
            if (fromClient) {
                ikeFromClient(message);
            } else {
                ikeFromGateway(message);
            }
            times[i] = now;
        }
        return times;
    }

    /**
     * Quick Mode: QM1 (client), QM2 (gateway), then, as the seed shows, the client's first ESP packet may
     * precede its QM3. Chooses the SA pair's SPIs. Returns QM2's time (phase 2 complete).
     */
    long quickMode(IkeV1Messages ike, boolean espBeforeQm3) {
        long messageId = nonZero() & 0xFFFF_FFFFL;
        roundTrip();
        ikeFromClient(ike.quickMode(messageId, 24 + 64 + 24 + 12 + 16));
        gatewayThinks();
        ikeFromGateway(ike.quickMode(messageId, 24 + 52 + 24 + 12 + 16));
        long qm2 = now;
        newSaPair();
        roundTrip();
        if (espBeforeQm3) {
            espFromClient(60);
            now += between(50, 500);
        }
        ikeFromClient(ike.quickMode(messageId, 24));
        return qm2;
    }

    /** The client disconnects: Deletes for the IPsec SA and the ISAKMP SA, each side (encrypted). */
    void ikeV1Deletes(IkeV1Messages ike) {
        long clientId = nonZero() & 0xFFFF_FFFFL;
        ikeFromClient(ike.encryptedInformational(clientId, 24 + 16));
        now += between(2_000, 10_000);
        ikeFromClient(ike.encryptedInformational(clientId + 1, 24 + 28));
        roundTrip();
        ikeFromGateway(ike.encryptedInformational(nonZero() & 0xFFFF_FFFFL, 24 + 16));
        now += between(2_000, 10_000);
        ikeFromGateway(ike.encryptedInformational(nonZero() & 0xFFFF_FFFFL, 24 + 28));
    }

    // ---- IKEv2 -----------------------------------------------------------------------------------------

    IkeV2Messages newIkeV2Sa() {
        return new IkeV2Messages(nonZero(), nonZero(), rng);
    }

    /** IKEv2 from the client: UDP 500, or UDP 4500 behind the non-ESP marker once NAT-T is in use. */
    void ikeV2FromClient(byte[] message, int natPort) {
        if (natPort == 0) {
            ikeFromClient(message);
        } else {
            sink.add(now, packets.udp(client, gateway, natPort, EspPackets.NAT_T_PORT,
                EspPackets.nonEspMarked(message)));
        }
    }

    void ikeV2FromGateway(byte[] message, int natPort) {
        if (natPort == 0) {
            ikeFromGateway(message);
        } else {
            sink.add(now, packets.udp(gateway, client, EspPackets.NAT_T_PORT, natPort,
                EspPackets.nonEspMarked(message)));
        }
    }

    /** IKEv2 on UDP 500 from a NAT-translated client port. */
    void ikeV2FromClientVia(int translatedPort, byte[] message) {
        sink.add(now, packets.udp(client, gateway, translatedPort, EspPackets.IKE_PORT, message));
    }

    void ikeV2FromGatewayVia(int translatedPort, byte[] message) {
        sink.add(now, packets.udp(gateway, client, EspPackets.IKE_PORT, translatedPort, message));
    }

    // ---- ESP -------------------------------------------------------------------------------------------

    void newSaPair() {
        spiClientToGateway = spi();
        spiGatewayToClient = spi();
        sequenceClientToGateway = 0;
        sequenceGatewayToClient = 0;
    }

    /** From now on ESP travels in UDP 4500 from this translated client port (0: back to IP protocol 50). */
    void espOverUdp(int translatedClientPort) {
        espUdpClientPort = translatedClientPort;
    }

    void espFromClient(int innerLength) {
        byte[] esp = EspPackets.esp(spiClientToGateway, ++sequenceClientToGateway, innerLength, rng);
        sink.add(now, espUdpClientPort == 0 ? packets.esp(client, gateway, esp)
            : packets.udp(client, gateway, espUdpClientPort, EspPackets.NAT_T_PORT, esp));
    }

    void espFromGateway(int innerLength) {
        byte[] esp = EspPackets.esp(spiGatewayToClient, ++sequenceGatewayToClient, innerLength, rng);
        sink.add(now, espUdpClientPort == 0 ? packets.esp(gateway, client, esp)
            : packets.udp(gateway, client, EspPackets.NAT_T_PORT, espUdpClientPort, esp));
    }

    void natKeepalive() {
        sink.add(now, packets.udp(client, gateway, espUdpClientPort, EspPackets.NAT_T_PORT,
            EspPackets.natKeepalive()));
    }

    /**
     * Traffic through the tunnel: {@code packets} ESP packets as request/response exchanges (the client asks, the
     * LAN answers, or a download streams back), spread as the plan's {@link EspTraffic} says, gaps well under the
     * idle timeout. Returns the time of the first
     * gateway-to-client packet, which completes both directions when the client has already sent.
     */
    long espExchange(int packetCount) {
        return espTraffic == EspTraffic.BULK ? bulkEsp(packetCount) : interactiveEsp(packetCount);
    }

    private long interactiveEsp(int packetCount) {
        long firstFromGateway = -1;
        int sent = 0;
        while (sent < packetCount) {
            espFromClient((int) between(40, 600));
            sent++;
            if (sent == packetCount) {
                break;
            }
            now += roundTripMicros / 2 + between(100, 5_000);
            espFromGateway((int) between(40, 1400));
            if (firstFromGateway < 0) {
                firstFromGateway = now;
            }
            sent++;
            // Mostly interactive gaps of a fraction of a second, sometimes a pause of up to 20 seconds.
            now += rng.nextInt(10) == 0 ? between(2_000_000, 20_000_000) : between(5_000, 900_000);
        }
        return firstFromGateway;
    }

    /** Transactions: a request, a burst of full-size packets back with an ACK every second one, think time. */
    private long bulkEsp(int packetCount) {
        long firstFromGateway = -1;
        int sent = 0;
        while (sent < packetCount) {
            espFromClient((int) between(60, 600));
            sent++;
            now += roundTripMicros / 2 + between(100, 2_000);
            long burst = between(2, 60);
            for (int i = 0; i < burst && sent < packetCount; i++) {
                espFromGateway((int) between(1_000, 1_400));
                if (firstFromGateway < 0) {
                    firstFromGateway = now;
                }
                sent++;
                // 1,400 bytes at 40 to 150 Mbit/s.
                now += between(75, 280);
                if (i % 2 == 1 && sent < packetCount) {
                    espFromClient((int) between(40, 60));
                    sent++;
                }
            }
            // Think time, sometimes a pause of up to 20 seconds (well under the idle timeout).
            now += rng.nextInt(8) == 0 ? between(2_000_000, 20_000_000) : between(50_000, 2_000_000);
        }
        return firstFromGateway;
    }

    /** ESP from the client only (pings into the LAN that nothing answers). */
    void espFromClientOnly(int packetCount, long spacingMicros) {
        for (int i = 0; i < packetCount; i++) {
            espFromClient(60);
            now += spacingMicros;
        }
    }

    // ---- identifiers -----------------------------------------------------------------------------------

    /** A random non-zero 64-bit value: IKE cookies and SPIs are never zero. */
    long nonZero() {
        long value;
        do {
            value = rng.nextLong();
        } while (value == 0);
        return value;
    }

    /** An ESP SPI: 1 to 255 are reserved by IANA (RFC 4303 section 2.1). */
    private long spi() {
        return between(0x100, 0xFFFF_FFFFL);
    }
}
