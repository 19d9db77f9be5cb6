package io.tunnelwatch.correlation;

import static io.tunnelwatch.correlation.Conversation.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The seed: one successful QuickVPN connection, captured from the middle of its login session. */
class SeedTraceTest {
    /** Frame 216, the gateway's first ESP: both directions seen. */
    private static final long FRAME_216 = T0 + 48_233_459;
    /** Frame 259, the client's FIN closing the logout session: the last activity. */
    private static final long FRAME_259 = T0 + 56_044_774;

    @ParameterizedTest(name = "gateways configured: {0}")
    @ValueSource(booleans = {true, false})
    void shouldGiveNoAlertOneEstablishedAndOneClosedEvent(boolean gatewayConfigured) {
        CorrelationConfig config = gatewayConfigured
                ? CorrelationConfig.builder().gateways("79.189.214.86/32").build()
                : CorrelationConfig.defaults();

        Replay replay = Replay.of(config, SeedTrace.facts(T0));

        assertThat(replay.alerts()).isEmpty();
        assertThat(replay.outputs).hasSize(2);
        TunnelEstablished established = replay.established().get(0);
        assertThat(established.timestampMicros()).isEqualTo(FRAME_216);
        assertThat(established.attempt()).isEqualTo(1);
        assertThat(established.midSessionPickup()).isFalse();
        assertThat(established.tunnel().clientIp()).isEqualTo(SeedTrace.CLIENT);
        assertThat(established.tunnel().gatewayIp()).isEqualTo(SeedTrace.GATEWAY);
        TunnelClosed closed = replay.closed().get(0);
        assertThat(closed.timestampMicros()).isEqualTo(FRAME_259 + 120_000_000);
        assertThat(closed.durationMicros()).isEqualTo(FRAME_259 - FRAME_216);
        assertThat(closed.espPacketsClientToGateway()).as("frames 167 and 209").isEqualTo(2);
        assertThat(closed.espPacketsGatewayToClient()).as("frame 216").isEqualTo(1);
        assertThat(replay.driver.trackedTunnels()).isZero();
        assertThat(replay.driver.pendingTimers()).isZero();
        assertThat(replay.driver.lateInputs()).isZero();
    }

    @Test
    void shouldReadEveryFrameOfTheSeed() {
        List<PacketFact> facts = SeedTrace.facts(T0);

        assertThat(facts).hasSize(42);
        assertThat(facts).filteredOn(f -> f.kind() == PacketKind.IKE).as("6 MM, 3 QM, 4 Informational").hasSize(13);
        assertThat(facts).filteredOn(f -> f.kind() == PacketKind.ESP).hasSize(3);
        assertThat(facts).filteredOn(PacketFact::sslv2).singleElement()
                .satisfies(hello -> assertThat(hello.carriesClientHello()).isTrue());
    }

    @Test
    void shouldAlertEspOneWayWhenTheGatewaysEspIsMissingFromTheSeed() {
        List<PacketFact> withoutFrame216 = SeedTrace.facts(T0).stream()
                .filter(f -> f.captureSeq() != 216).toList();

        HandshakeAlert alert = Replay.of(CorrelationConfig.defaults(), withoutFrame216).onlyAlert();

        assertThat(alert.reason()).isEqualTo(FailureReason.ESP_ONE_WAY);
        assertThat(alert.evidence().espDirectionSeen()).isEqualTo(EspDirection.CLIENT_TO_GATEWAY);
        assertThat(alert.timestampMicros()).as("60 s after QM2, frame 166").isEqualTo(T0 + 37_279_513 + 60_000_000);
    }
}
