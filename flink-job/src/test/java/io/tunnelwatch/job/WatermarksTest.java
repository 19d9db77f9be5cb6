package io.tunnelwatch.job;

import static io.tunnelwatch.job.TestPackets.T0;
import static io.tunnelwatch.job.TestPackets.packet;
import static io.tunnelwatch.job.TestPackets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The watermark strategy the source runs for every partition, driven by hand: which records move
 * event time, by how much, and when a silent partition stops holding it back.
 */
class WatermarksTest {

    private static final long KAFKA_TIMESTAMP = 42L;

    private final ManualClock wallClock = new ManualClock();
    private final RecordingOutput output = new RecordingOutput();
    private WatermarkStrategy<SummaryElement> strategy;
    private WatermarkGenerator<SummaryElement> generator;
    private TimestampAssigner<SummaryElement> timestamps;

    @BeforeEach
    void createGenerator() {
        JobConfig config = CorrelationJobCommand.parse(List.of("--source-idleness", "30s"), Map.of());
        strategy = CorrelationJob.watermarks(config);
        generator = strategy.createWatermarkGenerator(new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return wallClock;
            }
        });
        timestamps = strategy.createTimestampAssigner(UnregisteredMetricsGroup::new);
    }

    @Test
    void shouldTrailTheNewestPacketByTheOutOfOrdernessBound() {
        see(SummaryElement.of(packet(T0 + seconds(10), 1)));
        see(SummaryElement.of(packet(T0 + seconds(4), 2)));
        generator.onPeriodicEmit(output);

        assertThat(output.last()).isEqualTo(millis(T0 + seconds(10)) - Duration.ofSeconds(2).toMillis() - 1);
    }

    @Test
    void shouldLetAHeartbeatMoveEventTimeOnAQuietPartition() {
        see(SummaryElement.of(packet(T0, 1)));
        see(SummaryElement.of(new AgentHeartbeat("agent-1", "branch-1", 0, T0 + seconds(60), 0, 0, 0, 0, 1000)));
        generator.onPeriodicEmit(output);

        assertThat(output.last()).isEqualTo(millis(T0 + seconds(60)) - 2000 - 1);
    }

    @Test
    void shouldNotLetADeadLetterMoveEventTime() {
        see(SummaryElement.of(packet(T0, 1)));
        see(SummaryElement.of(new DeadLetter("summaries", 0, 7, null, new byte[] {1}, "garbage")));
        generator.onPeriodicEmit(output);

        assertThat(output.last()).isEqualTo(millis(T0) - 2000 - 1);
    }

    @Test
    void shouldStopHoldingEventTimeBackWhenAPartitionFallsSilent() {
        wallClock.advanceTime(Duration.ofSeconds(1));
        see(SummaryElement.of(packet(T0, 1)));
        generator.onPeriodicEmit(output); // saw a record since the last look: active
        generator.onPeriodicEmit(output); // nothing new: silence starts now
        wallClock.advanceTime(Duration.ofSeconds(29));
        generator.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();

        wallClock.advanceTime(Duration.ofSeconds(2));
        generator.onPeriodicEmit(output);

        assertThat(output.idle).isTrue();
    }

    private void see(SummaryElement element) {
        long timestamp = timestamps.extractTimestamp(element, KAFKA_TIMESTAMP);
        generator.onEvent(element, timestamp, output);
    }

    private static long millis(long micros) {
        return Math.floorDiv(micros, 1000L);
    }

    private static final class RecordingOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }

        long last() {
            return watermarks.get(watermarks.size() - 1);
        }
    }
}
