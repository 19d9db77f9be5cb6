package io.tunnelwatch.job;

import static io.tunnelwatch.job.TestPackets.T0;
import static io.tunnelwatch.job.TestPackets.heartbeat;
import static io.tunnelwatch.job.TestPackets.mainModeStartPacket;
import static io.tunnelwatch.job.TestPackets.packet;
import static io.tunnelwatch.job.TestPackets.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.correlation.CorrelationConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter on Flink's operator test harness: buffering, event-time order, deadlines, cleanup, and
 * capture loss from broadcast heartbeats; with the real state machine wherever the verdict matters.
 */
class TunnelCorrelationFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE = Duration.ofSeconds(120);
    private static final long T0_PLUS_30S = T0 + seconds(30);

    private KeyedBroadcastOperatorTestHarness<String, TunnelPacket, AgentHeartbeat, TunnelOutput> harness;

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

        advance(new Watermark(millis(T0 + seconds(2))));
        assertThat(handled()).containsExactly("packet 10", "packet 20", "packet 21");

        advance(new Watermark(millis(T0 + seconds(3))));
        assertThat(handled()).containsExactly("packet 10", "packet 20", "packet 21", "packet 30");
    }

    @Test
    void shouldFireADeadlineAfterPacketsAtItAndBeforePacketsAfterIt() throws Exception {
        long deadline = T0 + seconds(10);
        harness = open(new RecordingPolicy(List.of(deadline)));

        send(packet(deadline + 1, 3));
        send(packet(deadline, 2));
        send(packet(T0, 1));
        advance(new Watermark(millis(deadline + seconds(1))));

        assertThat(handled()).containsExactly("packet 1", "packet 2", "deadline " + deadline, "packet 3");
    }

    @Test
    void shouldKeepOneTimerPerKeyAtItsEarliestWaitingPacketOrDeadline() throws Exception {
        long deadline = T0 + seconds(10);
        harness = open(new RecordingPolicy(List.of(deadline)));

        send(packet(T0 + seconds(3), 3));
        send(packet(T0 + seconds(2), 2));
        send(packet(T0 + seconds(4), 4));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        send(packet(T0 + seconds(1), 1)); // earlier than the key's timer: the timer moves to it
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        advance(new Watermark(millis(T0 + seconds(1))));
        assertThat(handled()).containsExactly("packet 1");
        assertThat(harness.numEventTimeTimers()).as("at packet 2 now").isEqualTo(1);

        send(packet(T0 + seconds(0.5), 0)); // behind the watermark: handled at once, the timer stays
        assertThat(handled()).containsExactly("packet 1", "packet 0");
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        advance(new Watermark(millis(T0 + seconds(2))));
        assertThat(handled()).containsExactly("packet 1", "packet 0", "packet 2");

        advance(new Watermark(millis(T0 + seconds(5))));
        assertThat(handled()).containsExactly("packet 1", "packet 0", "packet 2", "packet 3", "packet 4");
        assertThat(harness.numEventTimeTimers()).as("the deadline's").isEqualTo(1);

        send(packet(T0 + seconds(6), 6)); // before the deadline: the timer moves to the packet
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        advance(new Watermark(millis(T0 + seconds(6))));
        assertThat(handled()).endsWith("packet 6");
        assertThat(harness.numEventTimeTimers()).as("back at the deadline").isEqualTo(1);

        advance(new Watermark(millis(deadline) - 1));
        assertThat(handled()).endsWith("packet 6");
        advance(new Watermark(millis(deadline)));
        assertThat(handled()).endsWith("packet 6", "deadline " + deadline);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldNotFireADeadlineBeforeTheWatermarkPassesIt() throws Exception {
        long deadline = T0 + seconds(10);
        harness = open(new RecordingPolicy(List.of(deadline)));

        send(packet(T0, 1));
        advance(new Watermark(millis(deadline) - 1));
        assertThat(handled()).containsExactly("packet 1");

        advance(new Watermark(millis(deadline)));
        assertThat(handled()).containsExactly("packet 1", "deadline " + deadline);
    }

    @Test
    void shouldLeaveNoKeyedStateAndNoTimersOnceTheTunnelIsForgotten() throws Exception {
        harness = open(stateMachine());

        send(mainModeStartPacket(T0, 1));
        send(mainModeStartPacket(T0 + seconds(4), 2)); // a retransmission
        advance(new Watermark(millis(T0 + seconds(6))));
        assertThat(keyedStateEntries()).as("the tunnel's state only: no packet waits, its deadline is derived")
                .isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // the attempt's deadline only

        advance(new Watermark(millis(T0_PLUS_30S)));
        assertThat(reasons()).containsExactly("IKE_NO_RESPONSE");
        assertThat(keyedStateEntries()).as("the key remembers its gateway for idle-timeout").isPositive();

        advance(new Watermark(millis(T0_PLUS_30S + seconds(IDLE.toSeconds()))));
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldAlertIkeNoResponseAt30sWithObserverAndSiteWhenTheInputEnds() throws Exception {
        harness = open(stateMachine());

        send(mainModeStartPacket(T0 + seconds(4), 2));
        send(mainModeStartPacket(T0, 1));
        advance(Watermark.MAX_WATERMARK);

        assertThat(harness.extractOutputValues()).hasSize(1);
        TunnelOutput alert = harness.extractOutputValues().get(0);
        assertThat(alert.kind()).isEqualTo(OutputKind.ALERT);
        assertThat(alert.eventTimeMicros()).isEqualTo(T0_PLUS_30S);
        JsonNode json = JSON.readTree(alert.json());
        assertThat(json.path("@timestamp").asText()).isEqualTo("2026-01-01T00:00:30Z");
        assertThat(json.path("vpn").path("reason").asText()).isEqualTo("IKE_NO_RESPONSE");
        assertThat(json.path("vpn").path("evidence").path("retransmissions").asInt()).isEqualTo(1);
        assertThat(json.path("observer").path("name").asText()).isEqualTo("agent-1");
        assertThat(json.path("labels").path("site").asText()).isEqualTo("branch-1");
        assertThat(json.path("vpn").path("inconclusive").asBoolean()).isFalse();
        assertThat(keyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldMarkTheAlertInconclusiveWhenTheAgentLostPacketsDuringTheAttempt() throws Exception {
        harness = open(stateMachine());

        harness.processBroadcastElement(heartbeat(T0 - seconds(1), 5), millis(T0 - seconds(1)));
        send(mainModeStartPacket(T0, 1));
        harness.processBroadcastElement(heartbeat(T0 + seconds(10), 12), millis(T0 + seconds(10)));
        harness.processBroadcastElement(heartbeat(T0 + seconds(20), 12), millis(T0 + seconds(20)));
        advance(Watermark.MAX_WATERMARK);

        JsonNode vpn = JSON.readTree(harness.extractOutputValues().get(0).json()).path("vpn");
        assertThat(vpn.path("inconclusive").asBoolean()).isTrue();
        assertThat(vpn.path("dropped_packets").asLong()).as("12 by the verdict, 5 before the attempt").isEqualTo(7);
    }

    @Test
    void shouldStayConclusiveWhenThePacketsWereLostOutsideTheAttempt() throws Exception {
        harness = open(stateMachine());

        harness.processBroadcastElement(heartbeat(T0 - seconds(5), 3), millis(T0 - seconds(5)));
        harness.processBroadcastElement(heartbeat(T0 - seconds(1), 9), millis(T0 - seconds(1)));
        send(mainModeStartPacket(T0, 1));
        harness.processBroadcastElement(heartbeat(T0 + seconds(10), 9), millis(T0 + seconds(10)));
        harness.processBroadcastElement(heartbeat(T0_PLUS_30S + 1, 40), millis(T0_PLUS_30S + 1)); // after the verdict
        advance(Watermark.MAX_WATERMARK);

        JsonNode vpn = JSON.readTree(harness.extractOutputValues().get(0).json()).path("vpn");
        assertThat(vpn.path("reason").asText()).isEqualTo("IKE_NO_RESPONSE");
        assertThat(vpn.path("inconclusive").asBoolean()).isFalse();
        assertThat(vpn.path("dropped_packets").asLong()).isZero();
    }

    @Test
    void shouldHandleAPacketBehindTheWatermarkAtOnceRatherThanDropIt() throws Exception {
        harness = open(new RecordingPolicy(List.of()));
        advance(new Watermark(millis(T0 + seconds(10))));

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

        assertThatThrownBy(() -> advance(new Watermark(millis(T0 + seconds(2)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("asked again");
    }


    @Test
    void shouldJudgeAndCleanUpTheSameWayWithRocksDbState() throws Exception {
        harness = harness(stateMachine());
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.open();

        send(mainModeStartPacket(T0 + seconds(4), 2));
        send(mainModeStartPacket(T0, 1));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // one per key, at its earliest waiting packet
        advance(Watermark.MAX_WATERMARK);

        assertThat(reasons()).containsExactly("IKE_NO_RESPONSE");
        assertThat(harness.extractOutputValues().get(0).eventTimeMicros()).isEqualTo(T0_PLUS_30S);
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

    private static StateMachinePolicy stateMachine() {
        return new StateMachinePolicy(CorrelationConfig.defaults());
    }

    private static <S> KeyedBroadcastOperatorTestHarness<String, TunnelPacket, AgentHeartbeat, TunnelOutput> harness(
            TunnelPolicy<S> policy) throws Exception {
        @SuppressWarnings("unchecked")
        TypeInformation<S> stateType = (TypeInformation<S>) (policy instanceof StateMachinePolicy
                ? TrackedTunnelTypeInfo.INSTANCE
                : Types.INT);
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new TunnelCorrelationFunction<>(policy, stateType), TunnelPacket::tunnelKey, Types.STRING,
                TunnelCorrelationFunction.CAPTURE_LOSS);
    }

    private static <S> KeyedBroadcastOperatorTestHarness<String, TunnelPacket, AgentHeartbeat, TunnelOutput> open(
            TunnelPolicy<S> policy) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, TunnelPacket, AgentHeartbeat, TunnelOutput> h = harness(policy);
        h.open();
        return h;
    }

    private int keyedStateEntries() {
        var backend = ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    private List<String> reasons() throws Exception {
        List<String> reasons = new ArrayList<>();
        for (TunnelOutput output : harness.extractOutputValues()) {
            reasons.add(JSON.readTree(output.json()).path("vpn").path("reason").asText());
        }
        return reasons;
    }

    /** Both inputs' watermarks: the operator's event time is the lesser of the two. */
    private void advance(Watermark watermark) throws Exception {
        harness.processWatermark(watermark);
        harness.processBroadcastWatermark(watermark);
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
