package io.tunnelwatch.synth.scenario;

import io.tunnelwatch.synth.ike.IkeV1Messages;
import io.tunnelwatch.synth.ike.IkeV2Messages;
import io.tunnelwatch.synth.packet.Host;
import io.tunnelwatch.synth.packet.MacAddress;
import io.tunnelwatch.synth.packet.TcpConnection;
import io.tunnelwatch.synth.packet.TcpConnection.Side;
import io.tunnelwatch.synth.packet.WireWriter;
import io.tunnelwatch.synth.pcap.FrameSink;
import io.tunnelwatch.synth.tls.DerCertificate;
import io.tunnelwatch.synth.tls.TlsMessages;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.tunnelwatch.synth.scenario.Timeouts.ESP;
import static io.tunnelwatch.synth.scenario.Timeouts.IKE_PHASE;
import static io.tunnelwatch.synth.scenario.Timeouts.IKE_START;
import static io.tunnelwatch.synth.scenario.Timeouts.SECOND;
import static io.tunnelwatch.synth.scenario.Timeouts.TCP_CONNECT;
import static io.tunnelwatch.synth.scenario.Timeouts.TLS_HANDSHAKE;

/**
 * One script per scenario: the traffic of one tunnel key and, next to each step, the verdict the contract gives
 * it. Scenarios whose verdict needs a known gateway (CONNECTIVITY failures, IKE_NOT_STARTED, the pickup) first
 * let the gateway show itself as IKE responder in an earlier attempt on the same key, shortly before, so no
 * gateway needs configuring.
 */
public final class ScenarioScripts {
    /** strongSwan's retransmission schedule (timeout 4 s, base 1.8): 4, 11.2, 24.16, 47.49 s after the first. */
    private static final long[] RETRANSMISSIONS = {4_000_000, 11_200_000, 24_160_000, 47_488_000};

    private ScenarioScripts() {
    }

    /** Writes the plan's frames to {@code sink} (in any order) and returns the events the job must emit. */
    public static List<ExpectedEvent> generate(TunnelPlan plan, FrameSink sink) {
        TunnelScript s = new TunnelScript(plan, sink);
        switch (plan.scenario()) {
            case QUICKVPN_TLS -> quickVpnTunnel(s, plan.sessionEspPackets(), true);
            case IKEV1_MAIN -> ikeV1MainTunnel(s, plan.sessionEspPackets());
            case IKEV1_AGGRESSIVE -> ikeV1AggressiveTunnel(s, plan.sessionEspPackets());
            case IKEV2, IKEV2_IPV6 -> ikeV2Tunnel(s, plan.sessionEspPackets());
            case IKEV2_NATT -> ikeV2NatTunnel(s, plan.sessionEspPackets());
            case TCP_NO_RESPONSE -> tcpNoResponse(s);
            case TCP_REFUSED -> tcpRefused(s);
            case TLS_ALERT -> tlsAlert(s);
            case TLS_RESET -> tlsReset(s);
            case TLS_INCOMPLETE -> tlsIncomplete(s);
            case IKE_NOT_STARTED -> ikeNotStarted(s);
            case IKE_NO_RESPONSE -> ikeNoResponse(s, RETRANSMISSIONS);
            case IKE_NOTIFY_ERROR -> ikeNotifyError(s);
            case IKE_PHASE1_INCOMPLETE -> ikePhase1Incomplete(s);
            case IKE_PHASE2_NOT_STARTED -> ikePhase2NotStarted(s);
            case IKE_PHASE2_INCOMPLETE -> ikePhase2Incomplete(s);
            case ESP_NONE -> espNone(s);
            case ESP_ONE_WAY -> espOneWay(s);
            case IKEV2_INVALID_KE_TIMEOUT -> ikeV2InvalidKeTimeout(s);
            case IKEV2_AUTH_FAILED -> ikeV2AuthFailed(s);
            case TLS13_CERTIFICATE_REJECTED -> tls13CertificateRejected(s);
            case REKEY_NO_RESPONSE -> rekeyNoResponse(s, plan.sessionEspPackets());
            case RETRY -> retry(s, plan.sessionEspPackets());
            case MID_SESSION_PICKUP -> midSessionPickup(s, plan.sessionEspPackets());
            case NOISE -> noise(s);
        }
        return s.expected();
    }

    // ---- successes -------------------------------------------------------------------------------------

    /**
     * The seed's shape: HTTPS login, Main Mode, Quick Mode with the first ESP before QM3, ESP both ways,
     * Deletes, a logout HTTPS session. Established at the first gateway-to-client ESP packet.
     */
    private static void quickVpnTunnel(TunnelScript s, int espPackets, boolean disconnect) {
        s.startAttempt();
        s.quickVpnSession(true);
        s.pause(5 * SECOND, 10 * SECOND);   // the client applies the policy, then starts IKE
        IkeV1Messages ike = s.newIkeV1Sa();
        s.mainMode(ike, 6);
        s.quickMode(ike, true);
        s.pause(100_000, 2 * SECOND);
        s.expectEstablished(s.espExchange(Math.max(2, espPackets)));
        if (disconnect) {
            s.pause(SECOND, 10 * SECOND);
            s.ikeV1Deletes(ike);
            s.pause(20_000, 80_000);
            s.quickVpnSession(false);   // logout
        }
        s.expectClosedAfterIdle();
    }

    private static void ikeV1MainTunnel(TunnelScript s, int espPackets) {
        s.startAttempt();
        IkeV1Messages ike = s.newIkeV1Sa();
        s.mainMode(ike, 6);
        s.quickMode(ike, false);
        s.roundTrip();
        s.expectEstablished(s.espExchange(Math.max(2, espPackets)));
        s.pause(SECOND, 5 * SECOND);
        s.ikeV1Deletes(ike);
        s.expectClosedAfterIdle();
    }

    /** Aggressive Mode (AM3 completes phase 1), XAUTH and Mode-Config transactions, Quick Mode. */
    private static void ikeV1AggressiveTunnel(TunnelScript s, int espPackets) {
        s.startAttempt();
        IkeV1Messages ike = s.newIkeV1Sa();
        s.ikeFromClient(ike.aggressive1("remote-users".getBytes(StandardCharsets.US_ASCII)));
        s.pause(5_000, 60_000);
        s.ikeFromGateway(ike.aggressive2(s.gateway.address().getAddress()));
        s.roundTrip();
        s.ikeFromClient(ike.aggressive3());
        long xauth = s.nonZero() & 0xFFFF_FFFFL;
        s.gatewayThinks();
        s.ikeFromGateway(ike.transaction(xauth, 24 + 20));       // XAUTH REQUEST (user name, password)
        s.pause(2 * SECOND, 8 * SECOND);                         // the user types the password
        s.ikeFromClient(ike.transaction(xauth, 24 + 36));        // XAUTH REPLY
        s.gatewayThinks();
        s.ikeFromGateway(ike.transaction(xauth + 1, 24 + 12));   // XAUTH SET (status OK)
        s.roundTrip();
        s.ikeFromClient(ike.transaction(xauth + 1, 24 + 12));    // XAUTH ACK
        long modeConfig = s.nonZero() & 0xFFFF_FFFFL;
        s.now += s.between(1_000, 50_000);
        s.ikeFromClient(ike.transaction(modeConfig, 24 + 28));   // Mode-Config REQUEST (address, DNS)
        s.gatewayThinks();
        s.ikeFromGateway(ike.transaction(modeConfig, 24 + 36));  // Mode-Config REPLY
        s.quickMode(ike, false);
        s.roundTrip();
        s.expectEstablished(s.espExchange(Math.max(2, espPackets)));
        s.pause(SECOND, 5 * SECOND);
        s.ikeV1Deletes(ike);
        s.expectClosedAfterIdle();
    }

    /**
     * IKEv2 with a retry hint: the client proposes MODP 2048, the gateway answers INVALID_KE_PAYLOAD asking for
     * ECP 256, the client retries (same SPI: the same attempt). IKE_AUTH, ESP, an INFORMATIONAL liveness check
     * from the gateway, and a Delete from the client at the end.
     */
    private static void ikeV2Tunnel(TunnelScript s, int espPackets) {
        s.startAttempt();
        IkeV2Messages ike = s.newIkeV2Sa();
        s.ikeFromClient(ike.saInitRequest(IkeV2Messages.GROUP_MODP2048, null));
        s.gatewayThinks();
        s.ikeFromGateway(ike.saInitNotifyResponse(IkeV2Messages.NOTIFY_INVALID_KE_PAYLOAD,
            new WireWriter().u16(IkeV2Messages.GROUP_ECP256).toByteArray()));
        s.roundTrip();
        s.ikeFromClient(ike.saInitRequest(IkeV2Messages.GROUP_ECP256, null));
        s.pause(2_000, 20_000);
        s.ikeFromGateway(ike.saInitResponse(IkeV2Messages.GROUP_ECP256));
        s.roundTrip();
        s.ikeFromClient(ike.authRequest(1, 400));
        s.pause(5_000, 40_000);
        s.ikeFromGateway(ike.authResponse(1, 1200, false));
        s.newSaPair();
        s.roundTrip();
        s.expectEstablished(s.espExchange(Math.max(2, espPackets / 2)));
        s.pause(SECOND, 15 * SECOND);
        s.ikeFromGateway(ike.informational(0, false, false, 0));   // liveness check from the responder
        s.roundTrip();
        s.ikeFromClient(ike.informational(0, true, true, 0));
        s.pause(100_000, SECOND);
        s.espExchange(Math.max(2, espPackets - espPackets / 2));
        s.pause(SECOND, 5 * SECOND);
        s.ikeFromClient(ike.informational(2, true, false, 12));   // Delete of the IKE SA
        s.gatewayThinks();
        s.ikeFromGateway(ike.informational(2, false, true, 0));
        s.expectClosedAfterIdle();
    }

    /**
     * IKEv2 behind NAT: the client's ports are translated; the gateway is under load and asks for a COOKIE; NAT
     * is detected, so IKE_AUTH moves to UDP 4500 with the non-ESP marker; EAP takes several IKE_AUTH rounds;
     * ESP travels in UDP 4500; the client sends NAT keepalives while quiet.
     */
    private static void ikeV2NatTunnel(TunnelScript s, int espPackets) {
        s.startAttempt();
        IkeV2Messages ike = s.newIkeV2Sa();
        int natIkePort = (int) s.between(20_000, 40_000);
        int natNatTPort = natIkePort + 1;
        s.ikeV2FromClientVia(natIkePort, ike.saInitRequest(IkeV2Messages.GROUP_ECP256, null));
        s.gatewayThinks();
        byte[] cookie = TlsMessages.randomBytes(s.rng, 20);
        s.ikeV2FromGatewayVia(natIkePort, ike.saInitNotifyResponse(IkeV2Messages.NOTIFY_COOKIE, cookie));
        s.roundTrip();
        s.ikeV2FromClientVia(natIkePort, ike.saInitRequest(IkeV2Messages.GROUP_ECP256, cookie));
        s.pause(2_000, 20_000);
        s.ikeV2FromGatewayVia(natIkePort, ike.saInitResponse(IkeV2Messages.GROUP_ECP256));
        s.roundTrip();
        s.ikeV2FromClient(ike.authRequest(1, 300), natNatTPort);            // IDi, no AUTH: asks for EAP
        s.pause(5_000, 40_000);
        s.ikeV2FromGateway(ike.authResponse(1, 1400, false), natNatTPort);  // IDr, CERT, AUTH, EAP request
        for (int round = 2; round <= 4; round++) {                          // EAP rounds, the last with AUTH
            s.pause(s.between(1, 3) * 100_000, 3 * SECOND);
            s.ikeV2FromClient(ike.authRequest(round, 80), natNatTPort);
            s.pause(5_000, 200_000);
            s.ikeV2FromGateway(ike.authResponse(round, round == 4 ? 200 : 80, true), natNatTPort);
        }
        s.newSaPair();
        s.espOverUdp(natNatTPort);
        s.roundTrip();
        s.expectEstablished(s.espExchange(Math.max(2, espPackets / 2)));
        for (int i = 0; i < 2; i++) {   // quiet for a while: NAT keepalives every 20 s
            s.pause(20 * SECOND, 20 * SECOND);
            s.natKeepalive();
        }
        s.pause(SECOND, 5 * SECOND);
        s.espExchange(Math.max(2, espPackets - espPackets / 2));
        s.pause(SECOND, 5 * SECOND);
        s.ikeV2FromClient(ike.informational(5, true, false, 12), natNatTPort);   // Delete of the IKE SA
        s.gatewayThinks();
        s.ikeV2FromGateway(ike.informational(5, false, true, 0), natNatTPort);
        s.expectClosedAfterIdle();
    }

    // ---- CONNECTIVITY failures (after an earlier tunnel made the gateway known) ---------------------------

    /**
     * What makes the gateway known before a CONNECTIVITY failure: a first QuickVPN attempt whose login succeeds
     * but whose Main Mode the router refuses with NO-PROPOSAL-CHOSEN (14), so the router has shown itself as IKE
     * responder; the user retries 20 to 60 s later, which is the attempt (number 2) the scenario is about. The
     * retry comes well within idle-timeout of the refusal, so the verdict holds whether a key's memory of its
     * gateway lasts forever or only idle-timeout after its last activity.
     */
    private static void refusedFirstAttempt(TunnelScript s) {
        s.startAttempt();
        s.quickVpnSession(true);
        s.pause(5 * SECOND, 10 * SECOND);
        IkeV1Messages ike = s.newIkeV1Sa();
        s.ikeFromClient(ike.mainMode1());
        s.gatewayThinks();
        s.ikeFromGateway(ike.notifyError(IkeV1Messages.NOTIFY_NO_PROPOSAL_CHOSEN));
        s.expectAlert(FailureReason.IKE_NOTIFY_ERROR, s.now, String.valueOf(IkeV1Messages.NOTIFY_NO_PROPOSAL_CHOSEN));
        s.pause(20 * SECOND, 60 * SECOND);
    }

    /** SYN to 443 retransmitted by Windows at 3 s and 9 s; the deadline is the first SYN + 10 s. */
    private static void tcpNoResponse(TunnelScript s) {
        refusedFirstAttempt(s);
        s.startAttempt();
        TcpConnection tcp = s.connect(s.gateway, TunnelScript.HTTPS_PORT);
        long firstSyn = s.now;
        tcp.syn(firstSyn);
        tcp.syn(firstSyn + 3 * SECOND);
        tcp.syn(firstSyn + 9 * SECOND);
        s.expectAlert(FailureReason.TCP_NO_RESPONSE, firstSyn + TCP_CONNECT, null);
    }

    private static void tcpRefused(TunnelScript s) {
        refusedFirstAttempt(s);
        s.startAttempt();
        TcpConnection tcp = s.connect(s.gateway, TunnelScript.HTTPS_PORT);
        tcp.syn(s.now);
        s.gatewayThinks();
        tcp.rst(s.now, Side.SERVER, true);
        s.expectAlert(FailureReason.TCP_REFUSED, s.now, null);
    }

    /** A router that no longer accepts TLS 1.0 answers the hello with a fatal protocol_version (70), then FINs. */
    private static void tlsAlert(TunnelScript s) {
        refusedFirstAttempt(s);
        s.startAttempt();
        TcpConnection tcp = s.connect(s.gateway, TunnelScript.HTTPS_PORT);
        s.tcpHandshake(tcp);
        s.now += s.between(100, 400);
        tcp.send(s.now, Side.CLIENT, s.quickVpn.clientHello());
        s.gatewayThinks();
        tcp.send(s.now, Side.SERVER, s.quickVpn.fatalAlert(TlsMessages.ALERT_PROTOCOL_VERSION));
        s.expectAlert(FailureReason.TLS_ALERT, s.now, String.valueOf(TlsMessages.ALERT_PROTOCOL_VERSION));
        s.now += s.between(20, 200);
        tcp.fin(s.now, Side.SERVER);
        s.roundTrip();
        tcp.fin(s.now, Side.CLIENT);
        s.gatewayThinks();
        tcp.ack(s.now, Side.SERVER);
    }

    private static void tlsReset(TunnelScript s) {
        refusedFirstAttempt(s);
        s.startAttempt();
        TcpConnection tcp = s.connect(s.gateway, TunnelScript.HTTPS_PORT);
        s.tcpHandshake(tcp);
        s.now += s.between(100, 400);
        tcp.send(s.now, Side.CLIENT, s.quickVpn.clientHello());
        s.gatewayThinks();
        tcp.rst(s.now, Side.SERVER, true);
        s.expectAlert(FailureReason.TLS_RESET, s.now, null);
    }

    /**
     * The router sends a certificate chain larger than one segment, then the client stalls (it cannot verify the
     * chain and waits on a revocation check): the deadline is the SYN-ACK + 20 s. The client finally gives up with
     * a FIN at 30 s, after the verdict; that FIN belongs to the judged attempt and changes nothing.
     */
    private static void tlsIncomplete(TunnelScript s) {
        refusedFirstAttempt(s);
        s.startAttempt();
        TcpConnection tcp = s.connect(s.gateway, TunnelScript.HTTPS_PORT);
        long synAck = s.tcpHandshake(tcp);
        s.now += s.between(100, 400);
        tcp.send(s.now, Side.CLIENT, s.quickVpn.clientHello());
        s.gatewayThinks();
        s.now = tcp.send(s.now, Side.SERVER, s.quickVpn.serverHelloFlight(List.of(1200, 1100)));
        s.roundTrip();
        tcp.ack(s.now, Side.CLIENT);
        s.expectAlert(FailureReason.TLS_INCOMPLETE, synAck + TLS_HANDSHAKE, null);
        s.now = synAck + 30 * SECOND;
        tcp.fin(s.now, Side.CLIENT);
        s.gatewayThinks();
        tcp.fin(s.now, Side.SERVER);
        s.roundTrip();
        tcp.ack(s.now, Side.CLIENT);
    }

    /** The login session completes (wrong password: the policy answer says no), and no IKE follows. */
    private static void ikeNotStarted(TunnelScript s) {
        refusedFirstAttempt(s);
        s.startAttempt();
        long completed = s.quickVpnSession(true);
        s.expectAlert(FailureReason.IKE_NOT_STARTED, completed + IKE_START, null);
    }

    // ---- POLICY_ACTIVATION failures (ISAKMP shows the roles: no earlier tunnel needed) --------------------

    /** MM1 and its retransmissions (same cookie, identical bytes); the gateway never answers. */
    private static long ikeNoResponse(TunnelScript s, long[] retransmissions) {
        s.startAttempt();
        IkeV1Messages ike = s.newIkeV1Sa();
        byte[] mm1 = ike.mainMode1();
        long first = s.now;
        s.ikeFromClient(mm1);
        for (long offset : retransmissions) {
            s.now = first + offset;
            s.ikeFromClient(mm1);
        }
        s.expectAlert(FailureReason.IKE_NO_RESPONSE, first + IKE_PHASE, null);
        return first;
    }

    private static void ikeNotifyError(TunnelScript s) {
        s.startAttempt();
        IkeV1Messages ike = s.newIkeV1Sa();
        s.ikeFromClient(ike.mainMode1());
        s.gatewayThinks();
        s.ikeFromGateway(ike.notifyError(IkeV1Messages.NOTIFY_NO_PROPOSAL_CHOSEN));
        s.expectAlert(FailureReason.IKE_NOTIFY_ERROR, s.now,
            String.valueOf(IkeV1Messages.NOTIFY_NO_PROPOSAL_CHOSEN));
    }

    /** MM1-MM5; the gateway cannot decrypt MM5 (pre-shared keys differ) and drops it; MM5 is retransmitted. */
    private static void ikePhase1Incomplete(TunnelScript s) {
        s.startAttempt();
        IkeV1Messages ike = s.newIkeV1Sa();
        long[] times = s.mainMode(ike, 5);
        byte[] mm5 = ike.mainMode56();
        s.now = times[4] + RETRANSMISSIONS[0];
        s.ikeFromClient(mm5);
        s.now = times[4] + RETRANSMISSIONS[1];
        s.ikeFromClient(mm5);
        s.expectAlert(FailureReason.IKE_PHASE1_INCOMPLETE, times[0] + IKE_PHASE, null);
    }

    /** Phase 1 completes (MM6), then the client never starts Quick Mode: the deadline is MM6 + 30 s. */
    private static void ikePhase2NotStarted(TunnelScript s) {
        s.startAttempt();
        long[] times = s.mainMode(s.newIkeV1Sa(), 6);
        s.expectAlert(FailureReason.IKE_PHASE2_NOT_STARTED, times[5] + IKE_PHASE, null);
    }

    /** QM1 and its retransmissions; the gateway rejects the proposal silently: the deadline is QM1 + 30 s. */
    private static void ikePhase2Incomplete(TunnelScript s) {
        s.startAttempt();
        IkeV1Messages ike = s.newIkeV1Sa();
        s.mainMode(ike, 6);
        s.roundTrip();
        byte[] qm1 = ike.quickMode(s.nonZero() & 0xFFFF_FFFFL, 24 + 64 + 24 + 12 + 16);
        long first = s.now;
        s.ikeFromClient(qm1);
        s.now = first + RETRANSMISSIONS[0];
        s.ikeFromClient(qm1);
        s.now = first + RETRANSMISSIONS[1];
        s.ikeFromClient(qm1);
        s.expectAlert(FailureReason.IKE_PHASE2_INCOMPLETE, first + IKE_PHASE, null);
    }

    // ---- NETWORK_VERIFICATION failures -------------------------------------------------------------------

    /** Quick Mode completes, no ESP at all: the deadline is QM2 (phase 2 complete) + 60 s. */
    private static void espNone(TunnelScript s) {
        s.startAttempt();
        IkeV1Messages ike = s.newIkeV1Sa();
        s.mainMode(ike, 6);
        long qm2 = s.quickMode(ike, false);
        s.expectAlert(FailureReason.ESP_NONE, qm2 + ESP, null);
    }

    /** The client pings into the LAN through the tunnel; nothing comes back (firewall drops ESP inbound). */
    private static long espOneWay(TunnelScript s) {
        s.startAttempt();
        IkeV1Messages ike = s.newIkeV1Sa();
        s.mainMode(ike, 6);
        long qm2 = s.quickMode(ike, false);
        s.pause(100_000, SECOND);
        s.espFromClientOnly(4, SECOND);
        s.expectAlert(FailureReason.ESP_ONE_WAY, qm2 + ESP, "CLIENT_TO_GATEWAY");
        return qm2 + ESP;
    }

    // ---- retries, pickups, noise -----------------------------------------------------------------------

    /**
     * Attempt 1: MM1 unanswered (retransmitted at 10 s and 20 s), judged at 30 s. Attempt 2, a new cookie 5 s
     * later, succeeds: its "established" carries attempt 2.
     */
    private static void retry(TunnelScript s, int espPackets) {
        long first = ikeNoResponse(s, new long[] {10 * SECOND, 20 * SECOND});
        s.now = first + 35 * SECOND;
        ikeV1MainTunnel(s, espPackets);
    }

    // ---- what the contract says surfaces elsewhere -----------------------------------------------------

    /**
     * INVALID_KE_PAYLOAD is a retry hint: a client that cannot offer the group never retries, so phase 1 times
     * out at the first IKE_SA_INIT + 30 s, and the hint becomes the evidence of an IKE_NOTIFY_ERROR.
     */
    private static void ikeV2InvalidKeTimeout(TunnelScript s) {
        s.startAttempt();
        IkeV2Messages ike = s.newIkeV2Sa();
        byte[] request = ike.saInitRequest(IkeV2Messages.GROUP_MODP2048, null);
        long first = s.now;
        s.ikeFromClient(request);
        s.gatewayThinks();
        s.ikeFromGateway(ike.saInitNotifyResponse(IkeV2Messages.NOTIFY_INVALID_KE_PAYLOAD,
            new WireWriter().u16(IkeV2Messages.GROUP_ECP256).toByteArray()));
        s.now = first + RETRANSMISSIONS[0];   // the client only retransmits its request (same SPI)
        s.ikeFromClient(request);
        s.expectAlert(FailureReason.IKE_NOTIFY_ERROR, first + IKE_PHASE,
            String.valueOf(IkeV2Messages.NOTIFY_INVALID_KE_PAYLOAD));
    }

    /**
     * IKE_SA_INIT completes; the gateway's IKE_AUTH response carries AUTHENTICATION_FAILED inside the encrypted
     * SK payload, so all that is visible is a completed phase 2 and then no ESP: ESP_NONE at the response + 60 s.
     */
    private static void ikeV2AuthFailed(TunnelScript s) {
        s.startAttempt();
        IkeV2Messages ike = s.newIkeV2Sa();
        s.ikeFromClient(ike.saInitRequest(IkeV2Messages.GROUP_ECP256, null));
        s.pause(2_000, 20_000);
        s.ikeFromGateway(ike.saInitResponse(IkeV2Messages.GROUP_ECP256));
        s.roundTrip();
        s.ikeFromClient(ike.authRequest(1, 400));
        s.pause(5_000, 40_000);
        s.ikeFromGateway(ike.authResponse(1, 8, false));   // just the AUTHENTICATION_FAILED notify inside
        s.expectAlert(FailureReason.ESP_NONE, s.now + ESP, null);
    }

    /**
     * TLS 1.3 to the (known) gateway: the handshake completes when application data has been seen from both sides
     * (the ChangeCipherSpecs are middlebox-compatibility only); the client then rejects the certificate with an
     * encrypted alert, which looks like any record. IKE_NOT_STARTED at completion + 60 s.
     */
    private static void tls13CertificateRejected(TunnelScript s) {
        refusedFirstAttempt(s);
        s.startAttempt();
        TcpConnection tcp = s.connect(s.gateway, TunnelScript.HTTPS_PORT);
        s.tcpHandshake(tcp);
        int v = TlsMessages.VERSION_TLS12;
        tcp.send(s.now, Side.CLIENT, TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, TlsMessages.VERSION_TLS10,
            TlsMessages.clientHello(v, TlsMessages.randomBytes(s.rng, 32),
                new int[] {TlsMessages.CIPHER_TLS13_AES_128_GCM_SHA256}, true, "vpn.example.com", s.rng)));
        s.gatewayThinks();
        s.now = tcp.send(s.now, Side.SERVER, TlsMessages.concat(
            TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, v, TlsMessages.serverHello(v,
                TlsMessages.randomBytes(s.rng, 32), TlsMessages.randomBytes(s.rng, 32),
                TlsMessages.CIPHER_TLS13_AES_128_GCM_SHA256, true, s.rng)),
            TlsMessages.changeCipherSpec(v),
            TlsMessages.encryptedRecord(TlsMessages.CONTENT_APPLICATION_DATA, v, (int) s.between(1_800, 2_600),
                s.rng)));
        s.roundTrip();
        tcp.send(s.now, Side.CLIENT, TlsMessages.concat(
            TlsMessages.changeCipherSpec(v),
            TlsMessages.encryptedRecord(TlsMessages.CONTENT_APPLICATION_DATA, v, 53, s.rng),     // Finished
            TlsMessages.encryptedRecord(TlsMessages.CONTENT_APPLICATION_DATA, v, 19, s.rng)));   // alert, encrypted
        long completed = s.now;
        s.now += s.between(100, 500);
        tcp.fin(s.now, Side.CLIENT);
        s.gatewayThinks();
        tcp.fin(s.now, Side.SERVER);
        s.roundTrip();
        tcp.ack(s.now, Side.CLIENT);
        s.expectAlert(FailureReason.IKE_NOT_STARTED, completed + IKE_START, null);
    }

    /**
     * A rekey that fails: the tunnel is up and ESP keeps flowing, but the gateway's IKE daemon no longer answers,
     * so the client's new Main Mode (new cookie, retransmitted) goes unanswered. Judged like an attempt (the first
     * since the establishment: attempt 1) at MM1 + 30 s, flagged as a rekey; the session stays established and
     * closes after its traffic stops. No second "established".
     */
    private static void rekeyNoResponse(TunnelScript s, int espPackets) {
        s.startAttempt();
        IkeV1Messages ike = s.newIkeV1Sa();
        s.mainMode(ike, 6);
        s.quickMode(ike, false);
        s.roundTrip();
        s.expectEstablished(s.espExchange(Math.max(2, espPackets / 2)));
        s.pause(SECOND, 5 * SECOND);
        s.startAttempt();
        byte[] mm1 = s.newIkeV1Sa().mainMode1();
        long first = s.now;
        for (long offset : new long[] {0, RETRANSMISSIONS[0], RETRANSMISSIONS[1], RETRANSMISSIONS[2]}) {
            s.now = first + offset;   // frames are sorted by time per tunnel: ESP below interleaves with these
            s.ikeFromClient(mm1);
        }
        s.now = first + s.between(100_000, 900_000);
        while (s.now < first + IKE_PHASE + 10 * SECOND) {
            s.espExchange(2);
        }
        s.expectRekeyAlert(FailureReason.IKE_NO_RESPONSE, first + IKE_PHASE);
        s.expectClosedAfterIdle();
    }

    /**
     * The tunnel recovers after a verdict: phase 2 completes, the client's pings go out but nothing comes back
     * (ESP_ONE_WAY at QM2 + 60 s); then the gateway's inbound filter is fixed and ESP flows both ways on the same
     * SAs without a new handshake. The key, idle with a known gateway, is established again without an alert at
     * the first packet completing both directions (the client sends first). No attempt was started for it, so its
     * attempt counter is 0.
     */
    private static void midSessionPickup(TunnelScript s, int espPackets) {
        long deadline = espOneWay(s);
        s.now = deadline + s.between(5 * SECOND, 30 * SECOND);
        s.expectPickedUp(s.espExchange(Math.max(2, espPackets)));
        s.expectClosedAfterIdle();
    }

    /**
     * A client's ordinary traffic, none of it to a VPN gateway: DNS; HTTPS (TLS 1.2) with a certificate chain
     * longer than one segment; TLS 1.3; a TLS connection the client aborts with a fatal unknown_ca alert; a SYN
     * to 443 nobody answers; a SYN to 60443 refused. Without a known gateway none of it raises anything.
     */
    private static void noise(TunnelScript s) {
        Host resolver = s.gateway;
        Host web12 = neighbour(s.gateway, 1, 60);
        Host web13 = neighbour(s.gateway, 2, 60);
        Host badCertificate = neighbour(s.gateway, 3, 60);
        Host silent = neighbour(s.gateway, 4, 60);
        Host refusing = neighbour(s.gateway, 5, 60);
        int dnsPort = (int) s.between(49_152, 65_535);
        int queryId = (int) s.between(0, 0xFFFF);
        s.emit(s.packets.udp(s.client, resolver, dnsPort, DnsMessages.PORT,
            DnsMessages.query(queryId, "www.example.com")));
        s.pause(5_000, 30_000);
        s.emit(s.packets.udp(resolver, s.client, DnsMessages.PORT, dnsPort,
            DnsMessages.answer(queryId, "www.example.com", web12.address())));
        s.pause(1_000, 5_000);
        webTls12(s, web12);
        s.pause(SECOND, 10 * SECOND);
        webTls13(s, web13);
        s.pause(SECOND, 10 * SECOND);
        certificateRejected(s, badCertificate);
        s.pause(SECOND, 10 * SECOND);
        TcpConnection unanswered = s.connect(silent, TunnelScript.HTTPS_PORT);
        long firstSyn = s.now;
        unanswered.syn(firstSyn);
        unanswered.syn(firstSyn + 3 * SECOND);
        unanswered.syn(firstSyn + 9 * SECOND);
        s.now = firstSyn + 12 * SECOND;
        TcpConnection refused = s.connect(refusing, 60443);
        refused.syn(s.now);
        s.gatewayThinks();
        refused.rst(s.now, Side.SERVER, true);
    }

    /** ECDHE-RSA TLS 1.2 to a web server; its chain (two certificates) spans two segments. */
    private static void webTls12(TunnelScript s, Host server) {
        TcpConnection tcp = s.connect(server, TunnelScript.HTTPS_PORT);
        s.tcpHandshake(tcp);
        tcp.send(s.now, Side.CLIENT, TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, TlsMessages.VERSION_TLS10,
            TlsMessages.clientHello(TlsMessages.VERSION_TLS12, TlsMessages.randomBytes(s.rng, 32),
                new int[] {TlsMessages.CIPHER_ECDHE_RSA_AES_128_GCM_SHA256, TlsMessages.CIPHER_RSA_AES_128_CBC_SHA},
                false, "www.example.com", s.rng)));
        s.gatewayThinks();
        s.now = tcp.send(s.now, Side.SERVER, serverFlightTls12(s, true));
        s.roundTrip();
        byte[] ecdhPublic = TlsMessages.randomBytes(s.rng, 65);
        tcp.send(s.now, Side.CLIENT, TlsMessages.concat(
            TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, TlsMessages.VERSION_TLS12,
                TlsMessages.handshake(TlsMessages.HANDSHAKE_CLIENT_KEY_EXCHANGE,
                    new WireWriter().u8(ecdhPublic.length).bytes(ecdhPublic).toByteArray())),
            TlsMessages.changeCipherSpec(TlsMessages.VERSION_TLS12),
            TlsMessages.encryptedRecord(TlsMessages.CONTENT_HANDSHAKE, TlsMessages.VERSION_TLS12, 40, s.rng)));
        s.gatewayThinks();
        tcp.send(s.now, Side.SERVER, TlsMessages.concat(
            TlsMessages.changeCipherSpec(TlsMessages.VERSION_TLS12),
            TlsMessages.encryptedRecord(TlsMessages.CONTENT_HANDSHAKE, TlsMessages.VERSION_TLS12, 40, s.rng)));
        s.roundTrip();
        tcp.send(s.now, Side.CLIENT, TlsMessages.encryptedRecord(TlsMessages.CONTENT_APPLICATION_DATA,
            TlsMessages.VERSION_TLS12, (int) s.between(200, 600), s.rng));
        s.pause(10_000, 80_000);
        s.now = tcp.send(s.now, Side.SERVER, TlsMessages.encryptedRecord(TlsMessages.CONTENT_APPLICATION_DATA,
            TlsMessages.VERSION_TLS12, (int) s.between(3_000, 9_000), s.rng));
        s.roundTrip();
        tcp.ack(s.now, Side.CLIENT);
        s.pause(SECOND, 5 * SECOND);
        tcp.send(s.now, Side.CLIENT, TlsMessages.encryptedRecord(TlsMessages.CONTENT_ALERT,
            TlsMessages.VERSION_TLS12, 26, s.rng));
        s.now += s.between(50, 300);
        tcp.fin(s.now, Side.CLIENT);
        s.gatewayThinks();
        tcp.fin(s.now, Side.SERVER);
        s.roundTrip();
        tcp.ack(s.now, Side.CLIENT);
    }

    /** ServerHello, Certificate (two certificates), ServerKeyExchange, ServerHelloDone, in separate records. */
    private static byte[] serverFlightTls12(TunnelScript s, boolean longChain) {
        List<byte[]> chain = longChain
            ? List.of(DerCertificate.ofLength((int) s.between(1_300, 1_700), 256, "www.example.com", s.rng),
                DerCertificate.ofLength((int) s.between(1_000, 1_300), 256, "Example CA", s.rng))
            : List.of(DerCertificate.ofLength((int) s.between(900, 1_200), 256, "www.example.com", s.rng));
        int v = TlsMessages.VERSION_TLS12;
        return TlsMessages.concat(
            TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, v, TlsMessages.serverHello(v,
                TlsMessages.randomBytes(s.rng, 32), TlsMessages.randomBytes(s.rng, 32),
                TlsMessages.CIPHER_ECDHE_RSA_AES_128_GCM_SHA256, false, s.rng)),
            TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, v, TlsMessages.certificate(chain)),
            TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, v, TlsMessages.handshake(12,   // ServerKeyExchange
                TlsMessages.randomBytes(s.rng, 4 + 65 + 4 + 256))),
            TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, v, TlsMessages.serverHelloDone()));
    }

    /**
     * TLS 1.3: only the ServerHello's supported_versions says so; then middlebox-compatibility ChangeCipherSpecs
     * and everything else encrypted as application data.
     */
    private static void webTls13(TunnelScript s, Host server) {
        TcpConnection tcp = s.connect(server, TunnelScript.HTTPS_PORT);
        s.tcpHandshake(tcp);
        tcp.send(s.now, Side.CLIENT, TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, TlsMessages.VERSION_TLS10,
            TlsMessages.clientHello(TlsMessages.VERSION_TLS12, TlsMessages.randomBytes(s.rng, 32),
                new int[] {TlsMessages.CIPHER_TLS13_AES_128_GCM_SHA256,
                    TlsMessages.CIPHER_ECDHE_RSA_AES_128_GCM_SHA256}, true, "static.example.net", s.rng)));
        s.gatewayThinks();
        int v = TlsMessages.VERSION_TLS12;
        s.now = tcp.send(s.now, Side.SERVER, TlsMessages.concat(
            TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, v, TlsMessages.serverHello(v,
                TlsMessages.randomBytes(s.rng, 32), TlsMessages.randomBytes(s.rng, 32),
                TlsMessages.CIPHER_TLS13_AES_128_GCM_SHA256, true, s.rng)),
            TlsMessages.changeCipherSpec(v),
            TlsMessages.encryptedRecord(TlsMessages.CONTENT_APPLICATION_DATA, v, (int) s.between(2_500, 4_000),
                s.rng)));   // EncryptedExtensions, Certificate, CertificateVerify, Finished
        s.roundTrip();
        tcp.send(s.now, Side.CLIENT, TlsMessages.concat(
            TlsMessages.changeCipherSpec(v),
            TlsMessages.encryptedRecord(TlsMessages.CONTENT_APPLICATION_DATA, v, 53, s.rng),
            TlsMessages.encryptedRecord(TlsMessages.CONTENT_APPLICATION_DATA, v, (int) s.between(100, 500), s.rng)));
        s.pause(10_000, 80_000);
        s.now = tcp.send(s.now, Side.SERVER, TlsMessages.encryptedRecord(TlsMessages.CONTENT_APPLICATION_DATA, v,
            (int) s.between(1_000, 6_000), s.rng));
        s.roundTrip();
        tcp.ack(s.now, Side.CLIENT);
        s.pause(SECOND, 5 * SECOND);
        tcp.fin(s.now, Side.CLIENT);
        s.gatewayThinks();
        tcp.fin(s.now, Side.SERVER);
        s.roundTrip();
        tcp.ack(s.now, Side.CLIENT);
    }

    /** The client does not trust the server's certificate: a cleartext fatal unknown_ca (48), then FIN. */
    private static void certificateRejected(TunnelScript s, Host server) {
        TcpConnection tcp = s.connect(server, TunnelScript.HTTPS_PORT);
        s.tcpHandshake(tcp);
        tcp.send(s.now, Side.CLIENT, TlsMessages.record(TlsMessages.CONTENT_HANDSHAKE, TlsMessages.VERSION_TLS10,
            TlsMessages.clientHello(TlsMessages.VERSION_TLS12, TlsMessages.randomBytes(s.rng, 32),
                new int[] {TlsMessages.CIPHER_ECDHE_RSA_AES_128_GCM_SHA256}, false, "intranet.example.org", s.rng)));
        s.gatewayThinks();
        s.now = tcp.send(s.now, Side.SERVER, serverFlightTls12(s, false));
        s.roundTrip();
        tcp.send(s.now, Side.CLIENT, TlsMessages.alert(TlsMessages.VERSION_TLS12, TlsMessages.ALERT_LEVEL_FATAL,
            TlsMessages.ALERT_UNKNOWN_CA));
        s.now += s.between(20, 200);
        tcp.fin(s.now, Side.CLIENT);
        s.gatewayThinks();
        tcp.fin(s.now, Side.SERVER);
        s.roundTrip();
        tcp.ack(s.now, Side.CLIENT);
    }

    private static Host neighbour(Host host, int offset, int ttl) {
        byte[] address = host.address().getAddress();
        int last = address.length - 1;
        address[last] = (byte) ((address[last] & 0xFF) + offset);
        try {
            InetAddress next = InetAddress.getByAddress(address);
            return new Host(next, MacAddress.derivedFrom(next), ttl);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
