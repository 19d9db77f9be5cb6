package io.tunnelwatch.correlation;

import static io.tunnelwatch.correlation.Conversation.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keyed state must stay small: no per-packet growth, a couple of hundred bytes per tunnel. */
class StateFootprintTest {
    private static final long FRAME_216 = T0 + 48_233_459;

    private final TunnelStateMachine machine = new TunnelStateMachine(CorrelationConfig.defaults());

    private TunnelState stateAfter(List<PacketFact> facts) {
        TunnelState state = TunnelState.empty();
        for (PacketFact fact : facts) {
            state = machine.onPacket(state, fact).state();
        }
        return state;
    }

    @Test
    void shouldKeepAnEstablishedTunnelWithin256BytesOfHeap() {
        TunnelState established = stateAfter(SeedTrace.facts(T0));

        assertThat(established.phase()).isEqualTo(TunnelPhase.ESTABLISHED);
        assertThat(HeapFootprint.of(established)).isLessThanOrEqualTo(256);
    }

    @Test
    void shouldNotGrowWithTheNumberOfPacketsOfAnEstablishedTunnel() {
        List<PacketFact> seed = SeedTrace.facts(T0);
        TunnelState afterSeed = stateAfter(seed);
        Conversation more = new Conversation("213.16.33.141", "79.189.214.86", "seed");
        for (int i = 0; i < 1_000; i++) {
            more.esp(T0 + 60_000_000 + i * 10_000L, i % 2 == 0);
        }
        TunnelState afterMore = afterSeed;
        for (PacketFact fact : more.facts()) {
            afterMore = machine.onPacket(afterMore, fact).state();
        }

        assertThat(afterMore.phase()).isEqualTo(TunnelPhase.ESTABLISHED);
        assertThat(HeapFootprint.of(afterMore)).isEqualTo(HeapFootprint.of(afterSeed));
    }

    @Test
    void shouldKeepAnAttemptInProgressWithinOneKilobyte() {
        List<PacketFact> untilPhase2 = SeedTrace.facts(T0).stream()
                .filter(f -> f.tsMicros() < FRAME_216).toList();

        TunnelState waitingForEsp = stateAfter(untilPhase2);

        assertThat(waitingForEsp.phase()).isEqualTo(TunnelPhase.AWAITING_ESP);
        assertThat(HeapFootprint.of(waitingForEsp)).isLessThanOrEqualTo(1_024);
    }
}
