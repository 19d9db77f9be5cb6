package io.tunnelwatch.correlation;

import static io.tunnelwatch.correlation.Conversation.ISPI;
import static io.tunnelwatch.correlation.Conversation.T0;
import static io.tunnelwatch.correlation.Conversation.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Stage 3, NETWORK_VERIFICATION: ESP after phase 2. */
class NetworkVerificationScenariosTest {
    private static final CorrelationConfig UNCONFIGURED = CorrelationConfig.defaults();

    private final Conversation tunnel = new Conversation("198.51.100.7", "203.0.113.1");

    @Test
    void shouldAlertEspNoneWhenNoEspFlowsWithin60sOfPhase2() {
        long qm2 = tunnel.quickMode(tunnel.mainMode(T0, ISPI) + 100_000, ISPI);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.stage()).isEqualTo(AttemptStage.NETWORK_VERIFICATION);
        assertThat(alert.reason()).isEqualTo(FailureReason.ESP_NONE);
        assertThat(alert.timestampMicros()).isEqualTo(qm2 + 60_000_000);
        assertThat(alert.evidence().networkVerification()).isNull();
        assertThat(alert.evidence().espDirectionSeen()).isNull();
    }

    @Test
    void shouldAlertEspOneWayWithTheDirectionSeen() {
        long qm2 = tunnel.quickMode(tunnel.mainMode(T0, ISPI) + 100_000, ISPI);
        tunnel.esp(qm2 + 1_000_000, true);
        tunnel.esp(qm2 + 2_000_000, true);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.ESP_ONE_WAY);
        assertThat(alert.timestampMicros()).isEqualTo(qm2 + 60_000_000);
        assertThat(alert.evidence().espDirectionSeen()).isEqualTo(EspDirection.CLIENT_TO_GATEWAY);
        assertThat(alert.evidence().espPacketsClientToGateway()).isEqualTo(2);
        assertThat(alert.evidence().espPacketsGatewayToClient()).isZero();
        assertThat(alert.evidence().networkVerification())
                .isEqualTo(new StageWindow(qm2 + 1_000_000, qm2 + 2_000_000));
        assertThat(alert.description()).contains("only from the client");
    }

    @Test
    void shouldEndTheEspWindowAtTheLastPacketOfAnAggregate() {
        long qm2 = tunnel.quickMode(tunnel.mainMode(T0, ISPI) + 100_000, ISPI);
        tunnel.esp(qm2 + 1_000_000, true);
        tunnel.espAggregate(qm2 + 1_500_000, true, 3, 420, qm2 + 2_500_000);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.ESP_ONE_WAY);
        assertThat(alert.evidence().espPacketsClientToGateway()).isEqualTo(4);
        assertThat(alert.evidence().networkVerification())
                .isEqualTo(new StageWindow(qm2 + 1_000_000, qm2 + 2_500_000));
    }

    @Test
    void shouldReportGatewayToClientWhenOnlyTheGatewaySendsEsp() {
        long qm2 = tunnel.quickMode(tunnel.mainMode(T0, ISPI) + 100_000, ISPI);
        tunnel.esp(qm2 + 1_000_000, false);

        HandshakeAlert alert = Replay.of(UNCONFIGURED, tunnel).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.ESP_ONE_WAY);
        assertThat(alert.evidence().espDirectionSeen()).isEqualTo(EspDirection.GATEWAY_TO_CLIENT);
    }

    @Test
    void shouldCountEspSentBeforeTheLastQuickModeMessage() {
        long mm6 = tunnel.mainMode(T0, ISPI);
        tunnel.ikev1(mm6 + 100_000, true, Ike.V1_QUICK_MODE, ISPI, Conversation.RSPI, true);
        tunnel.esp(mm6 + 150_000, false);
        tunnel.ikev1(mm6 + 200_000, false, Ike.V1_QUICK_MODE, ISPI, Conversation.RSPI, true);
        tunnel.esp(mm6 + 300_000, true);

        Replay replay = Replay.of(UNCONFIGURED, tunnel);

        assertThat(replay.alerts()).isEmpty();
        assertThat(replay.established()).singleElement()
                .extracting(TunnelEstablished::timestampMicros).isEqualTo(mm6 + 300_000);
    }

    @Test
    void shouldEstablishAtPhase2CompletionWhenEspAlreadyFlowedBothWays() {
        long mm6 = tunnel.mainMode(T0, ISPI);
        tunnel.ikev1(mm6 + 100_000, true, Ike.V1_QUICK_MODE, ISPI, Conversation.RSPI, true);
        tunnel.esp(mm6 + 150_000, false);
        tunnel.esp(mm6 + 160_000, true);
        tunnel.ikev1(mm6 + 200_000, false, Ike.V1_QUICK_MODE, ISPI, Conversation.RSPI, true);

        Replay replay = Replay.of(UNCONFIGURED, tunnel);

        assertThat(replay.alerts()).isEmpty();
        assertThat(replay.established()).singleElement()
                .extracting(TunnelEstablished::timestampMicros).isEqualTo(mm6 + 200_000);
    }

    @Test
    void shouldCountNatTraversalEspAggregatesByPacketsAndBytes() {
        long qm2 = tunnel.quickMode(tunnel.mainMode(T0, ISPI) + 100_000, ISPI);
        tunnel.espAggregate(qm2 + 1_000_000, true, 10, 1_500, qm2 + 5_000_000);
        tunnel.espAggregate(qm2 + 2_000_000, false, 4, 800, qm2 + 9_000_000);

        Replay replay = Replay.of(UNCONFIGURED, tunnel);

        assertThat(replay.alerts()).isEmpty();
        TunnelClosed closed = replay.closed().get(0);
        assertThat(closed.espPacketsClientToGateway()).isEqualTo(10);
        assertThat(closed.espBytesClientToGateway()).isEqualTo(1_500);
        assertThat(closed.espPacketsGatewayToClient()).isEqualTo(4);
        assertThat(closed.espBytesGatewayToClient()).isEqualTo(800);
        assertThat(closed.lastActivityMicros()).as("an aggregate's last packet").isEqualTo(qm2 + 9_000_000);
    }
}
