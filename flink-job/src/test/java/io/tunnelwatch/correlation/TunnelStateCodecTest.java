package io.tunnelwatch.correlation;

import static io.tunnelwatch.correlation.Conversation.CLIENT_PORT;
import static io.tunnelwatch.correlation.Conversation.HTTPS;
import static io.tunnelwatch.correlation.Conversation.T0;
import static io.tunnelwatch.correlation.Conversation.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A restored state behaves exactly as the one that was saved, at every point of a scenario. */
class TunnelStateCodecTest {
    private final TunnelStateMachine machine = new TunnelStateMachine(CorrelationConfig.defaults());

    @Test
    void shouldRestoreTheSeedsStateAtEveryPacket() throws IOException {
        assertRestorableEverywhere(SeedTrace.facts(T0));
    }

    @Test
    void shouldRestoreAnAttemptWithSeveralConnectionsAndAFailure() throws IOException {
        Conversation tunnel = new Conversation("2001:db8::7", "2001:db8:ffff::1");
        tunnel.mainMode1(T0, 0x42);
        tunnel.syn(seconds(40), CLIENT_PORT, HTTPS, 1);
        tunnel.syn(seconds(40), CLIENT_PORT + 1, Conversation.ALT_HTTPS, 2);
        tunnel.rst(seconds(40.1), false, CLIENT_PORT, HTTPS);
        tunnel.synAck(seconds(40.2), CLIENT_PORT + 1, Conversation.ALT_HTTPS);
        tunnel.fatalAlert(seconds(40.3), false, CLIENT_PORT + 1, Conversation.ALT_HTTPS, 42);

        assertRestorableEverywhere(tunnel.facts());
    }

    @Test
    void shouldRefuseAnUnknownFormatVersion() {
        byte[] bytes = TunnelStateCodec.toBytes(TunnelState.empty());
        bytes[0] = 99;

        assertThatIOException().isThrownBy(() -> TunnelStateCodec.fromBytes(bytes))
                .withMessageContaining("format 99");
    }

    private void assertRestorableEverywhere(List<PacketFact> facts) throws IOException {
        TunnelState state = TunnelState.empty();
        for (int split = 0; split <= facts.size(); split++) {
            byte[] saved = TunnelStateCodec.toBytes(state);
            TunnelState restored = TunnelStateCodec.fromBytes(saved);

            assertThat(TunnelStateCodec.toBytes(restored)).isEqualTo(saved);
            assertThat(finish(restored, facts.subList(split, facts.size())))
                    .as("outputs after restoring at packet %d", split)
                    .isEqualTo(finish(state, facts.subList(split, facts.size())));
            if (split < facts.size()) {
                state = machine.onPacket(state, facts.get(split)).state();
            }
        }
    }

    private List<CorrelationOutput> finish(TunnelState state, List<PacketFact> rest) {
        List<CorrelationOutput> outputs = new ArrayList<>();
        for (PacketFact fact : rest) {
            Transition transition = machine.onPacket(state, fact);
            outputs.addAll(transition.outputs());
            state = transition.state();
        }
        outputs.addAll(machine.onEndOfInput(state).outputs());
        return outputs;
    }
}
