package io.tunnelwatch.job;

import static io.tunnelwatch.job.TestPackets.T0;
import static io.tunnelwatch.job.TestPackets.packet;
import static io.tunnelwatch.job.TestPackets.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter on Flink's operator test harness: buffering, event-time order, deadlines, cleanup. */
class TunnelCorrelationFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE = Duration.ofSeconds(120);

    private KeyedOneInputStreamOperatorTestHarness<String, TunnelPacket, TunnelOutput> harness;

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldHoldPacketsUntilTheWatermarkPassesThemThenHandleThemInCaptureOrder() throws Exception {
        harness = open(new RecordingPolicy(List.of()));

        // Arrival order differs from event order; two packets share a timestamp.
        send(packet(T0 + seconds(3), 30));
        send(packet(T0 + seconds(1), 10));
        send(packet(T0 + seconds(2), 21));
        send(packet(T0 + seconds(2), 20));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(new Watermark(millis(T0 + seconds(2))));
        assertThat(handled()).containsExactly("packet 10", "packet 20", "packet 21");

        harness.processWatermark(new Watermark(millis(T0 + seconds(3))));
        assertThat(handled()).containsExactly("packet 10", "packet 20", "packet 21", "packet 30");
    }

    @Test
    void shouldFireADeadlineAfterPacketsAtItAndBeforePacketsAfterIt() throws Exception {
        long deadline = T0 + seconds(10);
        harness = open(new RecordingPolicy(List.of(deadline)));

        send(packet(deadline + 1, 3));
        send(packet(deadline, 2));
        send(packet(T0, 1));
        harness.processWatermark(new Watermark(millis(deadline + seconds(1))));

        assertThat(handled()).containsExactly("packet 1", "packet 2", "deadline " + deadline, "packet 3");
    }

    @Test
    void shouldNotFireADeadlineBeforeTheWatermarkPassesIt() throws Exception {
        long deadline = T0 + seconds(10);
        harness = open(new RecordingPolicy(List.of(deadline)));

        send(packet(T0, 1));
        harness.processWatermark(new Watermark(millis(deadline) - 1));
        assertThat(handled()).containsExactly("packet 1");

        harness.processWatermark(new Watermark(millis(deadline)));
        assertThat(handled()).containsExactly("packet 1", "deadline " + deadline);
    }

    @Test
    void shouldLeaveNoKeyedStateAndNoTimersOnceTheTunnelIsIdle() throws Exception {
        harness = open(new TunnelSeenPolicy(IDLE));

        send(packet(T0, 1));
        send(packet(T0 + seconds(5), 2));
        harness.processWatermark(new Watermark(millis(T0 + seconds(6))));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the idle deadline only

        harness.processWatermark(new Watermark(millis(T0 + seconds(5) + seconds(IDLE.toSeconds()))));

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldJudgeEveryWaitingTunnelAtItsOwnDeadlineWhenTheInputEnds() throws Exception {
        harness = open(new TunnelSeenPolicy(IDLE));

        send(packet(T0 + seconds(7), 2));
        send(packet(T0, 1));
        harness.processWatermark(Watermark.MAX_WATERMARK);

        List<TunnelOutput> outputs = harness.extractOutputValues();
        assertThat(outputs).hasSize(1);
        TunnelOutput seen = outputs.get(0);
        long expectedDeadline = T0 + seconds(7) + seconds(IDLE.toSeconds());
        assertThat(seen.eventTimeMicros()).isEqualTo(expectedDeadline);
        assertThat(seen.tunnelId()).isEqualTo(TestPackets.TUNNEL);
        JsonNode json = JSON.readTree(seen.json());
        assertThat(json.path("@timestamp").asText()).isEqualTo("2026-01-01T00:02:07Z");
        assertThat(json.path("vpn").path("packets").asLong()).isEqualTo(2);
        assertThat(json.path("vpn").path("first_capture_seq").asText()).isEqualTo("1");
        assertThat(json.path("vpn").path("last_capture_seq").asText()).isEqualTo("2");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldHandleAPacketBehindTheWatermarkAtOnceRatherThanDropIt() throws Exception {
        harness = open(new RecordingPolicy(List.of()));
        harness.processWatermark(new Watermark(millis(T0 + seconds(10))));

        send(packet(T0 + seconds(1), 7));

        assertThat(handled()).containsExactly("packet 7");
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldRefuseAPolicyThatAsksAgainForTheDeadlineItWasWokenFor() throws Exception {
        harness = open(new RecordingPolicy(List.of(T0 + seconds(1))) {
            @Override
            public PolicyStep<Integer> onDeadline(Integer state, long deadlineMicros) {
                return new PolicyStep<>(state, List.of(deadlineMicros), List.of());
            }
        });
        send(packet(T0, 1));

        assertThatThrownBy(() -> harness.processWatermark(new Watermark(millis(T0 + seconds(2)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("asked again");
    }

    @Test
    void shouldOrderAndCleanUpTheSameWayWithRocksDbState() throws Exception {
        harness = harness(new TunnelSeenPolicy(IDLE));
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.open();

        send(packet(T0 + seconds(2), 2));
        send(packet(T0 + seconds(1), 1));
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // one per waiting packet
        harness.processWatermark(Watermark.MAX_WATERMARK);

        JsonNode json = JSON.readTree(harness.extractOutputValues().get(0).json());
        assertThat(json.path("vpn").path("last_capture_seq").asText()).isEqualTo("2");
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /** Records the order in which it is called; keeps those of the given deadlines not yet passed. */
    private static class RecordingPolicy implements TunnelPolicy<Integer> {
        private final List<Long> deadlines;

        RecordingPolicy(List<Long> deadlines) {
            this.deadlines = deadlines;
        }

        @Override
        public PolicyStep<Integer> onPacket(Integer state, TunnelPacket packet) {
            int handled = state == null ? 1 : state + 1;
            List<Long> notPassed = deadlines.stream().filter(d -> d >= packet.tsMicros()).toList();
            return new PolicyStep<>(handled, notPassed, List.of(output(packet.tsMicros(), "packet " + packet.captureSeq())));
        }

        @Override
        public PolicyStep<Integer> onDeadline(Integer state, long deadlineMicros) {
            List<Long> later = deadlines.stream().filter(d -> d > deadlineMicros).toList();
            return new PolicyStep<>(state, later, List.of(output(deadlineMicros, "deadline " + deadlineMicros)));
        }

        private static TunnelOutput output(long micros, String what) {
            return new TunnelOutput(OutputKind.TUNNEL_EVENT, TestPackets.TUNNEL, micros, what);
        }
    }

    private static <S> KeyedOneInputStreamOperatorTestHarness<String, TunnelPacket, TunnelOutput> harness(
            TunnelPolicy<S> policy) throws Exception {
        @SuppressWarnings("unchecked")
        TypeInformation<S> stateType = (TypeInformation<S>) (policy instanceof TunnelSeenPolicy
                ? TypeInformation.of(TunnelSeenPolicy.Seen.class)
                : Types.INT);
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TunnelCorrelationFunction<>(policy, stateType)),
                TunnelPacket::tunnelKey, Types.STRING);
    }

    private static <S> KeyedOneInputStreamOperatorTestHarness<String, TunnelPacket, TunnelOutput> open(
            TunnelPolicy<S> policy) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, TunnelPacket, TunnelOutput> h = harness(policy);
        h.open();
        return h;
    }

    private void send(TunnelPacket packet) throws Exception {
        harness.processElement(packet, packet.eventTimeMillis());
    }

    private List<String> handled() {
        return harness.extractOutputValues().stream().map(TunnelOutput::json).toList();
    }

    private static long millis(long micros) {
        return Math.floorDiv(micros, 1000L);
    }
}
