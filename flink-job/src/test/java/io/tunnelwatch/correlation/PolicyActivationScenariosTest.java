package io.tunnelwatch.correlation;

import static io.tunnelwatch.correlation.Conversation.CLIENT_PORT;
import static io.tunnelwatch.correlation.Conversation.ENCRYPTED;
import static io.tunnelwatch.correlation.Conversation.HTTPS;
import static io.tunnelwatch.correlation.Conversation.ISAKMP;
import static io.tunnelwatch.correlation.Conversation.ISPI;
import static io.tunnelwatch.correlation.Conversation.NOTIFY_ONLY;
import static io.tunnelwatch.correlation.Conversation.RSPI;
import static io.tunnelwatch.correlation.Conversation.SA_KE_NONCE;
import static io.tunnelwatch.correlation.Conversation.T0;
import static io.tunnelwatch.correlation.Conversation.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Stage 2, POLICY_ACTIVATION: IKE phase 1 and phase 2, both versions. */
class PolicyActivationScenariosTest {
    private static final String CLIENT = "198.51.100.7";
    private static final String GATEWAY = "203.0.113.1";
    private static final CorrelationConfig CONFIGURED = CorrelationConfig.builder().gateways(GATEWAY + "/32").build();
    private static final CorrelationConfig UNCONFIGURED = CorrelationConfig.defaults();

    private static final long T0_PLUS_5S = seconds(5);
    private static final long T0_PLUS_15S = seconds(15);
    private static final long T0_PLUS_30S = seconds(30);

    private final Conversation tunnel = new Conversation(CLIENT, GATEWAY);

    @Test
    void shouldAlertIkeNotStartedAfter60sOfACompletedLoginWhenTheGatewayIsConfigured() {
        long loggedIn = tunnel.tlsLogin(T0, CLIENT_PORT, HTTPS);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.stage()).isEqualTo(AttemptStage.POLICY_ACTIVATION);
        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_NOT_STARTED);
        assertThat(alert.timestampMicros()).isEqualTo(loggedIn + 60_000_000);
    }

    @Test
    void shouldAlertIkeNotStartedWhenTheGatewayWasLearnedAsIkeResponderEarlier() {
        tunnel.mainMode1(T0, ISPI);
        long loggedIn = tunnel.tlsLogin(seconds(40), CLIENT_PORT, HTTPS);

        Replay replay = Replay.of(UNCONFIGURED, tunnel);

        assertThat(replay.alerts()).extracting(HandshakeAlert::reason)
                .containsExactly(FailureReason.IKE_NO_RESPONSE, FailureReason.IKE_NOT_STARTED);
        assertThat(replay.alerts().get(1).attempt()).isEqualTo(2);
        assertThat(replay.alerts().get(1).timestampMicros()).isEqualTo(loggedIn + 60_000_000);
    }

    @Test
    void shouldAcceptAPhase1StartExactlyAtTheIkeStartDeadline() {
        long loggedIn = tunnel.tlsLogin(T0, CLIENT_PORT, HTTPS);
        tunnel.mainMode(loggedIn + 60_000_000, ISPI);

        HandshakeAlert alert = Replay.of(CONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_PHASE2_NOT_STARTED);
        assertThat(alert.attempt()).isEqualTo(1);
        assertThat(alert.evidence().connectivity()).isNotNull();
    }

    @Test
    void shouldAlertIkeNoResponseAfter30s() {
        PacketFact first = tunnel.mainMode1(T0, ISPI);
        tunnel.again(T0_PLUS_5S, first);
        tunnel.again(T0_PLUS_15S, first);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_NO_RESPONSE);
        assertThat(alert.timestampMicros()).isEqualTo(T0_PLUS_30S);
        assertThat(alert.eventStartMicros()).isEqualTo(T0);
        assertThat(alert.tunnel()).isEqualTo(new TunnelEndpoints(tunnel.client, ISAKMP, tunnel.gateway, ISAKMP));
        assertThat(alert.evidence().ikeInitiatorSpi()).isEqualTo(ISPI);
        assertThat(alert.evidence().ikeResponderSpi()).isZero();
        assertThat(alert.evidence().ikeMessagesFromInitiator()).isEqualTo(3);
        assertThat(alert.evidence().ikeMessagesFromResponder()).isZero();
        assertThat(alert.evidence().retransmissions()).isEqualTo(2);
        assertThat(alert.evidence().policyActivation()).isEqualTo(new StageWindow(T0, T0_PLUS_15S));
        assertThat(alert.evidence().connectivity()).as("no TLS stage for a plain IPsec client").isNull();
    }

    @Test
    void shouldAlertIkeNotifyErrorOnACleartextErrorNotifyFromTheResponder() {
        tunnel.mainMode1(T0, ISPI);
        tunnel.ikev1(seconds(0.1), false, Ike.V1_INFORMATIONAL, ISPI, 0, false, 14);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_NOTIFY_ERROR);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(0.1));
        assertThat(alert.evidence().notifyType()).isEqualTo(14);
        assertThat(alert.description()).contains("NO_PROPOSAL_CHOSEN");
    }

    @Test
    void shouldTreatNotify17AsAnErrorInIkev1() {
        tunnel.mainMode1(T0, ISPI);
        tunnel.ikev1(seconds(0.1), false, Ike.V1_INFORMATIONAL, ISPI, 0, false, Ike.INVALID_KE_PAYLOAD);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_NOTIFY_ERROR);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(0.1));
        assertThat(alert.evidence().notifyType()).isEqualTo(17);
        assertThat(alert.description()).contains("INVALID-KEY-INFORMATION");
    }

    @Test
    void shouldTreatInvalidKePayloadAsARetryHintInIkev2() {
        ikeSaInitRequest(T0);
        tunnel.ikev2(seconds(0.05), false, Ike.V2_IKE_SA_INIT, true, ISPI, 0, 0, NOTIFY_ONLY, Ike.INVALID_KE_PAYLOAD);
        ikeSaInitRequest(seconds(0.1));
        tunnel.ikev2(seconds(0.15), false, Ike.V2_IKE_SA_INIT, true, ISPI, RSPI, 0, SA_KE_NONCE);
        tunnel.ikev2(seconds(0.2), true, Ike.V2_IKE_AUTH, false, ISPI, RSPI, 1, ENCRYPTED);
        tunnel.ikev2(seconds(0.25), false, Ike.V2_IKE_AUTH, true, ISPI, RSPI, 1, ENCRYPTED);
        tunnel.esp(seconds(0.3), true);
        tunnel.esp(seconds(0.31), false);

        Replay replay = Replay.of(UNCONFIGURED, tunnel);

        assertThat(replay.alerts()).isEmpty();
        assertThat(replay.established()).singleElement().satisfies(up -> {
            assertThat(up.timestampMicros()).isEqualTo(seconds(0.31));
            assertThat(up.attempt()).isEqualTo(1);
        });
    }

    @Test
    void shouldAlertIkeNotifyErrorWith17WhenIkev2Phase1TimesOutAfterTheRetryHint() {
        ikeSaInitRequest(T0);
        tunnel.ikev2(seconds(0.05), false, Ike.V2_IKE_SA_INIT, true, ISPI, 0, 0, NOTIFY_ONLY, Ike.INVALID_KE_PAYLOAD);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_NOTIFY_ERROR);
        assertThat(alert.timestampMicros()).isEqualTo(T0_PLUS_30S);
        assertThat(alert.evidence().notifyType()).isEqualTo(17);
        assertThat(alert.description()).contains("INVALID_KE_PAYLOAD");
    }

    @Test
    void shouldIgnoreCookieNotifiesOnTheWayToSuccess() {
        ikeSaInitRequest(T0);
        tunnel.ikev2(seconds(0.05), false, Ike.V2_IKE_SA_INIT, true, ISPI, 0, 0, NOTIFY_ONLY, Ike.COOKIE);
        ikeSaInitRequest(seconds(0.1));
        tunnel.ikev2(seconds(0.15), false, Ike.V2_IKE_SA_INIT, true, ISPI, RSPI, 0, SA_KE_NONCE, 16388, 16389);
        tunnel.ikev2(seconds(0.2), true, Ike.V2_IKE_AUTH, false, ISPI, RSPI, 1, ENCRYPTED);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).as("phase 1 completed; phase 2 got no answer")
                .isEqualTo(FailureReason.IKE_PHASE2_INCOMPLETE);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(30.2));
    }

    @Test
    void shouldJudgeACookieOnlyAnswerAsNoResponse() {
        ikeSaInitRequest(T0);
        tunnel.ikev2(seconds(0.05), false, Ike.V2_IKE_SA_INIT, true, ISPI, 0, 0, NOTIFY_ONLY, Ike.COOKIE);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_NO_RESPONSE);
        assertThat(alert.evidence().notifyType()).isZero();
    }

    @Test
    void shouldAlertIkePhase1IncompleteWhenMainModeStopsAfterBothSidesSpoke() {
        tunnel.mainMode1(T0, ISPI);
        tunnel.ikev1(seconds(0.1), false, Ike.V1_IDENTITY_PROTECTION, ISPI, RSPI, false);
        tunnel.ikev1(seconds(0.2), true, Ike.V1_IDENTITY_PROTECTION, ISPI, RSPI, false);
        tunnel.ikev1(seconds(0.3), false, Ike.V1_IDENTITY_PROTECTION, ISPI, RSPI, false);
        tunnel.ikev1(seconds(0.4), true, Ike.V1_IDENTITY_PROTECTION, ISPI, RSPI, true);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_PHASE1_INCOMPLETE);
        assertThat(alert.timestampMicros()).isEqualTo(T0_PLUS_30S);
        assertThat(alert.evidence().ikeResponderSpi()).isEqualTo(RSPI);
        assertThat(alert.evidence().ikeMessagesFromResponder()).isEqualTo(2);
    }

    @Test
    void shouldCompleteAggressiveModeAtTheInitiatorsThirdMessage() {
        tunnel.ikev1(T0, true, Ike.V1_AGGRESSIVE, ISPI, 0, false);
        tunnel.ikev1(seconds(0.1), false, Ike.V1_AGGRESSIVE, ISPI, RSPI, false);
        tunnel.ikev1(seconds(0.2), true, Ike.V1_AGGRESSIVE, ISPI, RSPI, false);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_PHASE2_NOT_STARTED);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(30.2));
    }

    @Test
    void shouldAlertIkePhase2NotStartedAfterMainModeCompleted() {
        long mm6 = tunnel.mainMode(T0, ISPI);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_PHASE2_NOT_STARTED);
        assertThat(alert.timestampMicros()).isEqualTo(mm6 + 30_000_000);
    }

    @Test
    void shouldRestartThePhase2WaitOnTransactionExchanges() {
        tunnel.mainMode(T0, ISPI);
        tunnel.ikev1(seconds(20), false, Ike.V1_TRANSACTION, ISPI, RSPI, true);
        tunnel.ikev1(seconds(25), true, Ike.V1_TRANSACTION, ISPI, RSPI, true);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_PHASE2_NOT_STARTED);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(55));
    }

    @Test
    void shouldAlertIkePhase2IncompleteWhenQuickModeGetsNoAnswer() {
        long mm6 = tunnel.mainMode(T0, ISPI);
        tunnel.ikev1(mm6 + 100_000, true, Ike.V1_QUICK_MODE, ISPI, RSPI, true);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_PHASE2_INCOMPLETE);
        assertThat(alert.timestampMicros()).isEqualTo(mm6 + 100_000 + 30_000_000);
    }

    @Test
    void shouldFollowSeveralEapIkeAuthRoundsAndRunTheEspTimeoutFromTheLastResponse() {
        ikeSaInitRequest(T0);
        tunnel.ikev2(seconds(0.05), false, Ike.V2_IKE_SA_INIT, true, ISPI, RSPI, 0, SA_KE_NONCE);
        tunnel.ikev2(seconds(1), true, Ike.V2_IKE_AUTH, false, ISPI, RSPI, 1, ENCRYPTED);
        tunnel.ikev2(seconds(1.1), false, Ike.V2_IKE_AUTH, true, ISPI, RSPI, 1, ENCRYPTED);
        tunnel.ikev2(seconds(40), true, Ike.V2_IKE_AUTH, false, ISPI, RSPI, 2, ENCRYPTED);
        tunnel.ikev2(seconds(41), false, Ike.V2_IKE_AUTH, true, ISPI, RSPI, 2, ENCRYPTED);
        tunnel.ikev2(seconds(80), true, Ike.V2_IKE_AUTH, false, ISPI, RSPI, 3, ENCRYPTED);
        tunnel.ikev2(seconds(81), false, Ike.V2_IKE_AUTH, true, ISPI, RSPI, 3, ENCRYPTED);
        tunnel.esp(seconds(130), true);
        tunnel.esp(seconds(135), false);

        Replay replay = Replay.of(UNCONFIGURED, tunnel);

        assertThat(replay.alerts()).isEmpty();
        assertThat(replay.established()).singleElement()
                .extracting(TunnelEstablished::timestampMicros).isEqualTo(seconds(135));
    }

    @Test
    void shouldSurfaceAnEncryptedAuthenticationFailureAsEspNone() {
        ikeSaInitRequest(T0);
        tunnel.ikev2(seconds(0.05), false, Ike.V2_IKE_SA_INIT, true, ISPI, RSPI, 0, SA_KE_NONCE);
        tunnel.ikev2(seconds(1), true, Ike.V2_IKE_AUTH, false, ISPI, RSPI, 1, ENCRYPTED);
        tunnel.ikev2(seconds(1.1), false, Ike.V2_IKE_AUTH, true, ISPI, RSPI, 1, ENCRYPTED);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.ESP_NONE);
        assertThat(alert.timestampMicros()).isEqualTo(seconds(61.1));
    }

    private void ikeSaInitRequest(long ts) {
        tunnel.ikev2(ts, true, Ike.V2_IKE_SA_INIT, false, ISPI, 0, 0, SA_KE_NONCE);
    }
}
