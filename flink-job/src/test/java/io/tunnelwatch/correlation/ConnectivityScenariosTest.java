package io.tunnelwatch.correlation;

import static io.tunnelwatch.correlation.Conversation.ALT_HTTPS;
import static io.tunnelwatch.correlation.Conversation.CLIENT_PORT;
import static io.tunnelwatch.correlation.Conversation.HTTPS;
import static io.tunnelwatch.correlation.Conversation.T0;
import static io.tunnelwatch.correlation.Conversation.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Stage 1, CONNECTIVITY: TCP and TLS to the VPN port. */
class ConnectivityScenariosTest {
    private static final String CLIENT = "198.51.100.7";
    private static final String GATEWAY = "203.0.113.1";
    private static final CorrelationConfig CONFIGURED = CorrelationConfig.builder().gateways(GATEWAY + "/32").build();
    private static final CorrelationConfig UNCONFIGURED = CorrelationConfig.defaults();

    private static final long T0_PLUS_3S = seconds(3);
    private static final long T0_PLUS_9S = seconds(9);
    private static final long T0_PLUS_10S = seconds(10);

    private final Conversation tunnel = new Conversation(CLIENT, GATEWAY);

    @Test
    void shouldAlertTcpNoResponseWhenNoSynAckWithin10sOfFirstSyn() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.syn(T0_PLUS_3S, CLIENT_PORT, HTTPS, 1000);
        tunnel.syn(T0_PLUS_9S, CLIENT_PORT, HTTPS, 1000);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        HandshakeAlert alert = replay.onlyAlert();
        assertThat(alert.stage()).isEqualTo(AttemptStage.CONNECTIVITY);
        assertThat(alert.reason()).isEqualTo(FailureReason.TCP_NO_RESPONSE);
        assertThat(alert.timestampMicros()).isEqualTo(T0_PLUS_10S);
        assertThat(alert.eventStartMicros()).isEqualTo(T0);
        assertThat(alert.attempt()).isEqualTo(1);
        assertThat(alert.tunnel()).isEqualTo(new TunnelEndpoints(tunnel.client, CLIENT_PORT, tunnel.gateway, HTTPS));
        assertThat(alert.evidence().retransmissions()).isEqualTo(2);
        assertThat(alert.evidence().connectivity()).isEqualTo(new StageWindow(T0, T0_PLUS_9S));
        assertThat(alert.inconclusive()).isFalse();
        assertThat(alert.description()).contains("no answer to its TCP SYN");
    }

    @Test
    void shouldTreatSynAckExactlyAtTheDeadlineAsInTime() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.synAck(T0_PLUS_10S, CLIENT_PORT, HTTPS);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TLS_INCOMPLETE);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(30));
    }

    @Test
    void shouldAlertTcpRefusedWhenGatewayAnswersSynWithRst() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.rst(seconds(0.05), false, CLIENT_PORT, HTTPS);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TCP_REFUSED);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(0.05));
    }

    @Test
    void shouldAlertTlsAlertWithTheGatewaysFatalAlertAsEvidence() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.synAck(seconds(0.01), CLIENT_PORT, HTTPS);
        tunnel.clientHello(seconds(0.02), CLIENT_PORT, HTTPS);
        tunnel.fatalAlert(seconds(0.03), false, CLIENT_PORT, HTTPS, 40);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TLS_ALERT);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(0.03));
        assertThat(alert.evidence().tlsAlertDescription()).isEqualTo(40);
        assertThat(alert.evidence().tlsAlertFromClient()).isFalse();
        assertThat(alert.description()).contains("handshake_failure", "from the gateway");
    }

    @Test
    void shouldAlertTlsAlertSentByTheClientRejectingTheCertificate() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.synAck(seconds(0.01), CLIENT_PORT, HTTPS);
        tunnel.clientHello(seconds(0.02), CLIENT_PORT, HTTPS);
        tunnel.serverHello(seconds(0.03), CLIENT_PORT, HTTPS, 0x0303);
        tunnel.fatalAlert(seconds(0.04), true, CLIENT_PORT, HTTPS, 48);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TLS_ALERT);
        assertThat(alert.evidence().tlsAlertDescription()).isEqualTo(48);
        assertThat(alert.evidence().tlsAlertFromClient()).isTrue();
    }

    @Test
    void shouldAlertTlsResetWhenTheConnectionIsResetDuringTheHandshake() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.synAck(seconds(0.01), CLIENT_PORT, HTTPS);
        tunnel.clientHello(seconds(0.02), CLIENT_PORT, HTTPS);
        tunnel.rst(seconds(0.5), false, CLIENT_PORT, HTTPS);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TLS_RESET);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(0.5));
    }

    @Test
    void shouldAlertTlsIncompleteWhenTheHandshakeStallsFor20s() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.synAck(seconds(0.01), CLIENT_PORT, HTTPS);
        tunnel.clientHello(seconds(0.02), CLIENT_PORT, HTTPS);
        tunnel.serverHello(seconds(0.03), CLIENT_PORT, HTTPS, 0x0301);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TLS_INCOMPLETE);
        assertThat(alert.timestampMicros()).as("20 s after the SYN-ACK").isEqualTo(seconds(20.01));
    }

    @Test
    void shouldAlertTlsIncompleteAtAFinBeforeCompletion() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.synAck(seconds(0.01), CLIENT_PORT, HTTPS);
        tunnel.clientHello(seconds(0.02), CLIENT_PORT, HTTPS);
        tunnel.fin(seconds(2), true, CLIENT_PORT, HTTPS);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TLS_INCOMPLETE);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(2));
    }

    @Test
    void shouldAlertTlsIncompleteWhenTheConnectionNeverCarriesAClientHello() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.synAck(seconds(0.01), CLIENT_PORT, HTTPS);
        tunnel.ack(seconds(0.02), true, CLIENT_PORT, HTTPS);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TLS_INCOMPLETE);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(20.01));
    }

    @Test
    void shouldCountAutoTriesOn443And60443AsOneAttemptThatSucceedsOnEither() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.syn(T0, CLIENT_PORT + 1, ALT_HTTPS, 2000);
        tunnel.rst(seconds(0.05), false, CLIENT_PORT, HTTPS);
        long loggedIn = tunnel.tlsLogin(seconds(0.1), CLIENT_PORT + 2, ALT_HTTPS);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).as("the refused 443 did not fail the attempt").isEqualTo(FailureReason.IKE_NOT_STARTED);
        assertThat(alert.attempt()).isEqualTo(1);
        assertThat(alert.timestampMicros()).isEqualTo(loggedIn + 60_000_000);
        assertThat(alert.evidence().tcpConnections()).isEqualTo(3);
    }

    @Test
    void shouldFailAnAutoAttemptOnceWhenBothPortsFail() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.syn(T0, CLIENT_PORT + 1, ALT_HTTPS, 2000);
        tunnel.rst(seconds(0.05), false, CLIENT_PORT, HTTPS);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TCP_NO_RESPONSE);
        assertThat(alert.timestampMicros()).isEqualTo(T0_PLUS_10S);
        assertThat(alert.attempt()).isEqualTo(1);
        assertThat(alert.evidence().tcpConnections()).isEqualTo(2);
    }

    @Test
    void shouldNotCompleteTls13OnMiddleboxChangeCipherSpecs() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.synAck(seconds(0.01), CLIENT_PORT, HTTPS);
        tunnel.clientHello(seconds(0.02), CLIENT_PORT, HTTPS);
        tunnel.serverHello(seconds(0.03), CLIENT_PORT, HTTPS, Tls.TLS_1_3);
        tunnel.tls(seconds(0.031), false, CLIENT_PORT, HTTPS, 20, 23);
        tunnel.tls(seconds(0.04), true, CLIENT_PORT, HTTPS, 20);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.TLS_INCOMPLETE);
    }

    @Test
    void shouldCompleteTls13OnApplicationDataBothWays() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.synAck(seconds(0.01), CLIENT_PORT, HTTPS);
        tunnel.clientHello(seconds(0.02), CLIENT_PORT, HTTPS);
        tunnel.serverHello(seconds(0.03), CLIENT_PORT, HTTPS, Tls.TLS_1_3);
        tunnel.tls(seconds(0.031), false, CLIENT_PORT, HTTPS, 20, 23);
        tunnel.tls(seconds(0.04), true, CLIENT_PORT, HTTPS, 20, 23);
        tunnel.tls(seconds(0.05), false, CLIENT_PORT, HTTPS, 23);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_NOT_STARTED);
        assertThat(alert.timestampMicros()).as("60 s after the client's data, the second direction")
                .isEqualTo(seconds(60.04));
    }

    @Test
    void shouldCompleteAConnectionCapturedBetweenItsChangeCipherSpecsAndIgnoreItsEnding() {
        // As seed frames 97-120: the capture starts after the client's CCS.
        tunnel.ack(T0, false, CLIENT_PORT, HTTPS);
        tunnel.tls(seconds(0.03), false, CLIENT_PORT, HTTPS, 20, 22);
        tunnel.tls(seconds(0.031), true, CLIENT_PORT, HTTPS, 23, 23);
        tunnel.tls(seconds(3.9), false, CLIENT_PORT, HTTPS, 23, 23);
        tunnel.tls(seconds(3.96), false, CLIENT_PORT, HTTPS, 21);
        tunnel.tls(seconds(3.961), true, CLIENT_PORT, HTTPS, 21);
        tunnel.fin(seconds(3.962), true, CLIENT_PORT, HTTPS);
        tunnel.rst(seconds(4.05), false, CLIENT_PORT, HTTPS);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).as("completed at the gateway's data; FIN and RST after it are normal")
                .isEqualTo(FailureReason.IKE_NOT_STARTED);
        assertThat(alert.eventStartMicros()).as("the attempt starts at the first TLS record").isEqualTo(seconds(0.03));
        assertThat(alert.timestampMicros()).isEqualTo(seconds(63.9));
    }

    @Test
    void shouldIgnoreSegmentsOfAnEarlierAttemptsConnection() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.rst(seconds(0.1), false, CLIENT_PORT, HTTPS);
        tunnel.syn(seconds(2), CLIENT_PORT + 1, HTTPS, 5000);
        tunnel.synAck(seconds(2.01), CLIENT_PORT + 1, HTTPS);
        tunnel.rst(seconds(2.5), false, CLIENT_PORT, HTTPS);
        long loggedIn = tunnel.tlsLogin(seconds(3), CLIENT_PORT + 1, HTTPS);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.alerts()).extracting(HandshakeAlert::reason, HandshakeAlert::attempt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(FailureReason.TCP_REFUSED, 1),
                        org.assertj.core.groups.Tuple.tuple(FailureReason.IKE_NOT_STARTED, 2));
        assertThat(replay.alerts().get(1).timestampMicros()).isEqualTo(loggedIn + 60_000_000);
    }

    @Test
    void shouldNotAlertOnPlainHttps() {
        tunnel.tlsLogin(T0, CLIENT_PORT, HTTPS);
        tunnel.fin(seconds(5), true, CLIENT_PORT, HTTPS);
        tunnel.rst(seconds(5.1), false, CLIENT_PORT, HTTPS);
        tunnel.syn(seconds(10), CLIENT_PORT + 1, HTTPS, 7);
        tunnel.synAck(seconds(10.01), CLIENT_PORT + 1, HTTPS);
        tunnel.clientHello(seconds(10.02), CLIENT_PORT + 1, HTTPS);
        tunnel.fatalAlert(seconds(10.03), false, CLIENT_PORT + 1, HTTPS, 40);

        Replay replay = Replay.of(UNCONFIGURED, tunnel);

        assertThat(replay.outputs).isEmpty();
        assertThat(replay.driver.trackedTunnels()).isZero();
        assertThat(replay.driver.pendingTimers()).isZero();
    }

    @Test
    void shouldAlertOnceForALongLoginSessionThatNeverStartsIke() {
        long loggedIn = tunnel.tlsLogin(T0, CLIENT_PORT, HTTPS);
        for (int second = 30; second <= 600; second += 30) {
            tunnel.tls(seconds(second), true, CLIENT_PORT, HTTPS, 23);
            tunnel.tls(seconds(second + 0.1), false, CLIENT_PORT, HTTPS, 23);
        }

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.onlyAlert().timestampMicros()).isEqualTo(loggedIn + 60_000_000);
    }
}
