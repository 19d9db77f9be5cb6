package io.tunnelwatch.correlation;

import static io.tunnelwatch.correlation.Conversation.CLIENT_PORT;
import static io.tunnelwatch.correlation.Conversation.HTTPS;
import static io.tunnelwatch.correlation.Conversation.ISPI;
import static io.tunnelwatch.correlation.Conversation.RSPI;
import static io.tunnelwatch.correlation.Conversation.T0;
import static io.tunnelwatch.correlation.Conversation.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retries, establishment, closing, rekeys, pickups, end of input and capture loss. */
class LifecycleScenariosTest {
    private static final String CLIENT = "198.51.100.7";
    private static final String GATEWAY = "203.0.113.1";
    private static final CorrelationConfig CONFIGURED = CorrelationConfig.builder().gateways(GATEWAY + "/32").build();
    private static final CorrelationConfig UNCONFIGURED = CorrelationConfig.defaults();
    private static final long OTHER_ISPI = 0x7777_0000_0000_0001L;

    private static final long T0_PLUS_10S = seconds(10);
    private static final long T0_PLUS_30S = seconds(30);

    private final Conversation tunnel = new Conversation(CLIENT, GATEWAY);

    /** A whole successful QuickVPN connection from {@code start}; returns the time it is established. */
    private long connect(long start, int clientPort, long ispi) {
        long loggedIn = tunnel.tlsLogin(start, clientPort, HTTPS);
        long mm6 = tunnel.mainMode(loggedIn + 1_000_000, ispi);
        long qm2 = tunnel.quickMode(mm6 + 100_000, ispi);
        tunnel.esp(qm2 + 200_000, true);
        tunnel.esp(qm2 + 300_000, false);
        return qm2 + 300_000;
    }

    @Test
    void shouldCountClientRetriesAsNewAttemptsAndRestartTheCountAfterEstablishment() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1);
        tunnel.rst(seconds(0.1), false, CLIENT_PORT, HTTPS);
        tunnel.syn(seconds(5), CLIENT_PORT + 1, HTTPS, 2);
        tunnel.rst(seconds(5.1), false, CLIENT_PORT + 1, HTTPS);
        tunnel.mainMode1(T0_PLUS_10S, OTHER_ISPI);
        long up = connect(seconds(50), CLIENT_PORT + 2, ISPI);
        tunnel.esp(up + 10_000_000, true);
        tunnel.mainMode1(up + 20_000_000, ISPI + 1);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.alerts()).extracting(HandshakeAlert::reason, HandshakeAlert::attempt, HandshakeAlert::rekey)
                .containsExactly(
                        tuple(FailureReason.TCP_REFUSED, 1, false),
                        tuple(FailureReason.TCP_REFUSED, 2, false),
                        tuple(FailureReason.IKE_NO_RESPONSE, 3, false),
                        tuple(FailureReason.IKE_NO_RESPONSE, 1, true));
        assertThat(replay.established()).singleElement().satisfies(established -> {
            assertThat(established.attempt()).as("a successful attempt counts").isEqualTo(4);
            assertThat(established.timestampMicros()).isEqualTo(up);
            assertThat(established.midSessionPickup()).isFalse();
        });
    }

    @Test
    void shouldNeverStartANewAttemptFromARetransmissionEvenAfterTheVerdict() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.syn(seconds(12), CLIENT_PORT, HTTPS, 1000);
        PacketFact mm1 = tunnel.mainMode1(seconds(20), ISPI);
        tunnel.again(seconds(55), mm1);
        tunnel.again(seconds(58), mm1);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.alerts()).extracting(HandshakeAlert::reason, HandshakeAlert::attempt, HandshakeAlert::timestampMicros)
                .containsExactly(
                        tuple(FailureReason.TCP_NO_RESPONSE, 1, T0_PLUS_10S),
                        tuple(FailureReason.IKE_NO_RESPONSE, 2, seconds(50)));
    }

    @Test
    void shouldStartANewAttemptOnANewSynFromTheSamePortWithANewSequenceNumber() {
        tunnel.syn(T0, CLIENT_PORT, HTTPS, 1000);
        tunnel.syn(seconds(12), CLIENT_PORT, HTTPS, 99_999);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.alerts()).extracting(HandshakeAlert::attempt, HandshakeAlert::timestampMicros)
                .containsExactly(tuple(1, T0_PLUS_10S), tuple(2, seconds(22)));
    }

    @Test
    void shouldEstablishAndCloseStampedLastActivityPlusIdleTimeout() {
        long up = connect(T0, CLIENT_PORT, ISPI);
        long lastEsp = up + 30_000_000;
        tunnel.esp(lastEsp, false);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.alerts()).isEmpty();
        assertThat(replay.established()).hasSize(1);
        TunnelClosed closed = replay.closed().get(0);
        assertThat(replay.closed()).hasSize(1);
        assertThat(closed.timestampMicros()).isEqualTo(lastEsp + 120_000_000);
        assertThat(closed.establishedAtMicros()).isEqualTo(up);
        assertThat(closed.durationMicros()).isEqualTo(30_000_000);
        assertThat(closed.espPacketsClientToGateway()).isEqualTo(1);
        assertThat(closed.espPacketsGatewayToClient()).isEqualTo(2);
        assertThat(closed.espBytesGatewayToClient()).isEqualTo(280);
        assertThat(closed.tunnel().gatewayPort()).isEqualTo(Conversation.ISAKMP);
        assertThat(replay.driver.trackedTunnels()).as("state cleared after closing").isZero();
        assertThat(replay.driver.pendingTimers()).isZero();
    }

    @Test
    void shouldKeepTheSessionUpThroughKeepAliveTlsAndInformationals() {
        long up = connect(T0, CLIENT_PORT, ISPI);
        tunnel.ikev1(up + 100_000_000, true, Ike.V1_INFORMATIONAL, ISPI, RSPI, true);
        long logout = tunnel.tlsLogin(up + 200_000_000, CLIENT_PORT + 9, HTTPS);
        tunnel.fin(up + 201_000_000, true, CLIENT_PORT + 9, HTTPS);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.alerts()).as("a TLS session on an established tunnel is part of it").isEmpty();
        assertThat(replay.closed()).singleElement()
                .extracting(TunnelClosed::timestampMicros).isEqualTo(up + 201_000_000 + 120_000_000);
        assertThat(logout).isLessThan(up + 201_000_000);
    }

    @Test
    void shouldJudgeARekeyOnAnEstablishedTunnelWithoutASecondEstablishedEvent() {
        long up = connect(T0, CLIENT_PORT, ISPI);
        // The gateway rekeys phase 1 with a fresh cookie; it completes.
        long rekeyAt = up + 50_000_000;
        tunnel.ikev1(rekeyAt, false, Ike.V1_IDENTITY_PROTECTION, OTHER_ISPI, 0, false);
        tunnel.ikev1(rekeyAt + 100_000, true, Ike.V1_IDENTITY_PROTECTION, OTHER_ISPI, RSPI, false);
        tunnel.ikev1(rekeyAt + 200_000, false, Ike.V1_IDENTITY_PROTECTION, OTHER_ISPI, RSPI, false);
        tunnel.ikev1(rekeyAt + 300_000, true, Ike.V1_IDENTITY_PROTECTION, OTHER_ISPI, RSPI, false);
        tunnel.ikev1(rekeyAt + 400_000, false, Ike.V1_IDENTITY_PROTECTION, OTHER_ISPI, RSPI, true);
        tunnel.ikev1(rekeyAt + 500_000, true, Ike.V1_IDENTITY_PROTECTION, OTHER_ISPI, RSPI, true);
        tunnel.esp(rekeyAt + 60_000_000, true);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.alerts()).isEmpty();
        assertThat(replay.established()).hasSize(1);
        assertThat(replay.closed()).singleElement()
                .extracting(TunnelClosed::timestampMicros).isEqualTo(rekeyAt + 180_000_000);
    }

    @Test
    void shouldAlertAFailedRekeyAndKeepTheSessionWhileTrafficFlows() {
        long up = connect(T0, CLIENT_PORT, ISPI);
        long rekeyAt = up + 50_000_000;
        tunnel.mainMode1(rekeyAt, OTHER_ISPI);
        tunnel.esp(rekeyAt + 10_000_000, true);
        tunnel.esp(rekeyAt + 40_000_000, false);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        HandshakeAlert alert = replay.onlyAlert();
        assertThat(alert.reason()).isEqualTo(FailureReason.IKE_NO_RESPONSE);
        assertThat(alert.rekey()).isTrue();
        assertThat(alert.attempt()).isEqualTo(1);
        assertThat(alert.timestampMicros()).isEqualTo(rekeyAt + 30_000_000);
        assertThat(alert.description()).startsWith("Rekey");
        assertThat(replay.established()).hasSize(1);
        assertThat(replay.closed()).singleElement()
                .extracting(TunnelClosed::timestampMicros).isEqualTo(rekeyAt + 160_000_000);
    }

    @Test
    void shouldPickUpARunningSessionFromEspBothWaysWhenTheGatewayIsKnown() {
        tunnel.esp(T0, false);
        tunnel.esp(seconds(1), true);
        tunnel.esp(seconds(2), false);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.alerts()).isEmpty();
        assertThat(replay.established()).singleElement().satisfies(up -> {
            assertThat(up.midSessionPickup()).isTrue();
            assertThat(up.attempt()).isZero();
            assertThat(up.timestampMicros()).isEqualTo(seconds(1));
        });
        assertThat(replay.closed()).singleElement().satisfies(closed -> {
            assertThat(closed.timestampMicros()).isEqualTo(seconds(122));
            assertThat(closed.espPacketsGatewayToClient()).isEqualTo(2);
            assertThat(closed.espPacketsClientToGateway()).isEqualTo(1);
        });
    }

    @Test
    void shouldNotPickUpASessionWithoutAKnownGateway() {
        tunnel.esp(T0, false);
        tunnel.esp(seconds(1), true);

        Replay replay = Replay.of(UNCONFIGURED, tunnel);

        assertThat(replay.outputs).isEmpty();
        assertThat(replay.driver.trackedTunnels()).isZero();
    }

    @Test
    void shouldNotPickUpEspWhoseOtherDirectionIsOlderThanTheIdleTimeout() {
        tunnel.esp(T0, false);
        tunnel.esp(seconds(121), true);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.outputs).isEmpty();
    }

    @Test
    void shouldRaiseNothingForEspOneWayAlone() {
        tunnel.esp(T0, true);
        tunnel.esp(seconds(30), true);
        tunnel.esp(seconds(90), true);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.outputs).isEmpty();
        assertThat(replay.driver.trackedTunnels()).isZero();
        assertThat(replay.driver.pendingTimers()).isZero();
    }

    @Test
    void shouldEstablishATunnelThatRecoversAfterEspOneWay() {
        long qm2 = tunnel.quickMode(tunnel.mainMode(T0, ISPI) + 100_000, ISPI);
        tunnel.esp(qm2 + 1_000_000, true);
        tunnel.esp(qm2 + 70_000_000, false);

        Replay replay = Replay.of(CONFIGURED, tunnel);

        assertThat(replay.alerts()).extracting(HandshakeAlert::reason).containsExactly(FailureReason.ESP_ONE_WAY);
        assertThat(replay.established()).singleElement().satisfies(up -> {
            assertThat(up.midSessionPickup()).isTrue();
            assertThat(up.timestampMicros()).isEqualTo(qm2 + 70_000_000);
        });
    }

    @Test
    void shouldFlushAPendingAttemptAtEndOfInputStampedAtItsNominalDeadline() {
        EventTimeDriver driver = EventTimeDriver.withDefaultBound(UNCONFIGURED);
        PacketFact mm1 = tunnel.mainMode1(T0, ISPI);
        PacketFact retransmitted = tunnel.again(seconds(5), mm1);

        assertThat(driver.accept(mm1)).isEmpty();
        assertThat(driver.accept(retransmitted)).isEmpty();
        assertThat(driver.endOfInput()).singleElement().isInstanceOfSatisfying(HandshakeAlert.class, alert -> {
            assertThat(alert.reason()).isEqualTo(FailureReason.IKE_NO_RESPONSE);
            assertThat(alert.timestampMicros()).as("the deadline, not the capture's end").isEqualTo(T0_PLUS_30S);
        });
        assertThat(driver.trackedTunnels()).isZero();
        assertThat(driver.pendingTimers()).isZero();
    }

    @Test
    void shouldJudgeInTimeWhenAHeartbeatMovesEventTimePastTheDeadline() {
        EventTimeDriver driver = EventTimeDriver.withDefaultBound(UNCONFIGURED);
        driver.accept(tunnel.mainMode1(T0, ISPI));

        assertThat(driver.accept(new DropReport("agent-1", seconds(31), 0, 0, 0))).as("watermark 29 s").isEmpty();
        assertThat(driver.accept(new DropReport("agent-1", seconds(32.5), 0, 0, 0)))
                .singleElement().extracting(CorrelationOutput::timestampMicros).isEqualTo(T0_PLUS_30S);
    }

    @Test
    void shouldMarkTheAlertInconclusiveWhenTheAgentDroppedPacketsDuringTheAttempt() {
        EventTimeDriver driver = EventTimeDriver.withDefaultBound(UNCONFIGURED);
        driver.accept(new DropReport("agent-1", T0 - 1_000_000, 5, 0, 0));
        driver.accept(tunnel.mainMode1(T0, ISPI));
        driver.accept(new DropReport("agent-2", seconds(5), 1_000, 0, 0));
        driver.accept(new DropReport("agent-1", seconds(10), 9, 2, 1));

        HandshakeAlert alert = (HandshakeAlert) driver.endOfInput().get(0);

        assertThat(alert.inconclusive()).isTrue();
        assertThat(alert.capturedDrops()).as("12 now, 5 before the attempt; agent-2 saw another key").isEqualTo(7);
        assertThat(alert.description()).startsWith("Inconclusive");
    }

    @Test
    void shouldStayConclusiveWhenTheDropCountersDidNotMoveDuringTheAttempt() {
        EventTimeDriver driver = EventTimeDriver.withDefaultBound(UNCONFIGURED);
        driver.accept(new DropReport("agent-1", T0 - 1_000_000, 5, 0, 0));
        driver.accept(tunnel.mainMode1(T0, ISPI));
        driver.accept(new DropReport("agent-1", seconds(10), 5, 0, 0));
        List<CorrelationOutput> outputs = new ArrayList<>(driver.accept(new DropReport("agent-1", seconds(40), 50, 0, 0)));
        outputs.addAll(driver.endOfInput());

        HandshakeAlert alert = (HandshakeAlert) outputs.get(0);

        assertThat(alert.inconclusive()).as("the later drops came after the verdict at 30 s").isFalse();
        assertThat(alert.capturedDrops()).isZero();
    }

    @Test
    void shouldLeaveNoStateNorTimerAfterAFailedAttemptIsForgotten() {
        TunnelStateMachine machine = new TunnelStateMachine(UNCONFIGURED);
        Transition afterMm1 = machine.onPacket(TunnelState.empty(), tunnel.mainMode1(T0, ISPI));
        assertThat(afterMm1.timerMicros()).isEqualTo(T0_PLUS_30S);
        assertThat(afterMm1.state().phase()).isEqualTo(TunnelPhase.IKE_PHASE1);

        Transition judged = machine.onTimer(afterMm1.state(), T0_PLUS_30S);
        assertThat(judged.outputs()).hasSize(1);
        assertThat(judged.isEmpty()).as("remembers the judged attempt for a while").isFalse();
        assertThat(judged.state().phase()).isEqualTo(TunnelPhase.IDLE);
        assertThat(judged.timerMicros()).isEqualTo(T0_PLUS_30S + 120_000_000);

        Transition forgotten = machine.onTimer(judged.state(), judged.timerMicros());
        assertThat(forgotten.isEmpty()).isTrue();
        assertThat(forgotten.hasTimer()).isFalse();
        assertThat(forgotten.outputs()).isEmpty();
    }

    @Test
    void shouldLeaveTheInputStateUntouched() {
        TunnelStateMachine machine = new TunnelStateMachine(UNCONFIGURED);
        TunnelState before = machine.onPacket(TunnelState.empty(), tunnel.mainMode1(T0, ISPI)).state();
        String described = before.toString();

        machine.onTimer(before, T0_PLUS_30S);

        assertThat(before.toString()).isEqualTo(described);
        assertThat(before.phase()).isEqualTo(TunnelPhase.IKE_PHASE1);
    }

    @Test
    void shouldJudgeTheRunningAttemptWhenTheClientStartsOverAfterPhase1() {
        long qm2 = tunnel.quickMode(tunnel.mainMode(T0, ISPI) + 100_000, ISPI);
        tunnel.esp(qm2 + 1_000_000, true);
        long startOver = qm2 + 20_000_000;
        tunnel.mainMode1(startOver, OTHER_ISPI);

        Replay replay = Replay.of(UNCONFIGURED, tunnel);

        assertThat(replay.alerts())
                .extracting(HandshakeAlert::reason, HandshakeAlert::attempt, HandshakeAlert::timestampMicros)
                .containsExactly(
                        tuple(FailureReason.ESP_ONE_WAY, 1, startOver),
                        tuple(FailureReason.IKE_NO_RESPONSE, 2, startOver + 30_000_000));
    }

    @Test
    void shouldFollowAnIpv6TunnelBehindNatTraversal() {
        Conversation v6 = new Conversation("2001:db8:1::7", "2001:db8:ffff::1");
        long loggedIn = v6.tlsLogin(T0, CLIENT_PORT, HTTPS);
        long qm2 = v6.quickMode(v6.mainMode(loggedIn + 500_000, ISPI) + 100_000, ISPI);
        v6.espAggregate(qm2 + 100_000, true, 3, 420, qm2 + 900_000);
        v6.espAggregate(qm2 + 200_000, false, 2, 300, qm2 + 800_000);

        Replay replay = Replay.of(CorrelationConfig.builder().gateways("2001:db8:ffff::/48").build(), v6);

        assertThat(replay.alerts()).isEmpty();
        assertThat(replay.established()).singleElement().satisfies(up -> {
            assertThat(up.tunnel().clientIp()).isEqualTo(IpAddress.parse("2001:db8:1::7"));
            assertThat(up.tunnel().tunnelId()).isEqualTo("2001:db8:1::7->2001:db8:ffff::1");
        });
        assertThat(replay.closed()).singleElement()
                .extracting(TunnelClosed::timestampMicros).isEqualTo(qm2 + 900_000 + 120_000_000);
    }
}
