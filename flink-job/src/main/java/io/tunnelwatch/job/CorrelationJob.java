package io.tunnelwatch.job;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The correlation job: summaries in, alerts and tunnel events out.
 *
 * <pre>
 *  summaries ──watermarks (per partition, heartbeats included)──► route by kind
 *      ├─ packets ──keyBy tunnel──┐
 *      ├─ heartbeats ──broadcast──┴► TunnelCorrelationFunction(StateMachinePolicy) ──► outputs sink
 *      │   (capture clocks and drop counters: capture loss makes verdicts inconclusive)
 *      └─ dead letters (side output) ──► dead-letter sink
 * </pre>
 *
 * Sources and sinks come in through {@link JobIo}, so tests run the same graph on their own.
 */
public final class CorrelationJob {
    private CorrelationJob() {}

    /** What {@link #build} made, for wiring more onto it. */
    public record Streams(DataStream<TunnelOutput> outputs, DataStream<AgentHeartbeat> heartbeats,
                          DataStream<DeadLetter> deadLetters) {}

    /** Reads Kafka, runs the job to its end (bounded) or until cancelled. */
    public static void run(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        build(env, KafkaIo.of(config), config);
        env.execute("tunnelwatch correlation");
    }

    /** The job with the correlation policy of this build (see {@link #correlation(JobConfig)}). */
    public static Streams build(StreamExecutionEnvironment env, JobIo io, JobConfig config) {
        return build(env, io, config, correlation(config));
    }

    /** The one place that chooses the correlation policy and its state type. */
    public static TunnelCorrelationFunction<?> correlation(JobConfig config) {
        return new TunnelCorrelationFunction<>(new StateMachinePolicy(config.correlation()),
                TrackedTunnelTypeInfo.INSTANCE);
    }

    public static Streams build(StreamExecutionEnvironment env, JobIo io, JobConfig config,
                                TunnelCorrelationFunction<?> correlation) {
        configure(env, config);

        SingleOutputStreamOperator<TunnelPacket> packets = env
                .fromSource(io.summaries(), watermarks(config), "summaries")
                .uid("summaries-source")
                .process(new RouteByKind())
                .name("route-by-kind")
                .uid("route-by-kind");

        DataStream<DeadLetter> deadLetters = packets.getSideOutput(RouteByKind.DEAD_LETTERS);
        deadLetters.sinkTo(io.deadLetters()).name("dead-letter-sink").uid("dead-letter-sink");

        DataStream<AgentHeartbeat> heartbeats = packets.getSideOutput(RouteByKind.HEARTBEATS);
        DataStream<TunnelOutput> outputs = packets
                .keyBy(TunnelPacket::tunnelKey, Types.STRING)
                .connect(heartbeats.broadcast(TunnelCorrelationFunction.CAPTURE_LOSS))
                .process(correlation, TypeInformation.of(TunnelOutput.class))
                .name("tunnel-correlation")
                .uid("tunnel-correlation");
        outputs.sinkTo(io.outputs()).name("output-sink").uid("output-sink");

        return new Streams(outputs, heartbeats, deadLetters);
    }

    /**
     * Per-partition watermarks: the Kafka source runs this generator for every partition, and
     * agents put heartbeats on every partition they write, so a quiet site's partitions still move.
     * A partition with no record at all for {@code sourceIdleness} stops holding event time back.
     */
    static WatermarkStrategy<SummaryElement> watermarks(JobConfig config) {
        return WatermarkStrategy.<SummaryElement>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((element, kafkaTimestamp) -> element.eventTimeMillis())
                .withIdleness(config.sourceIdleness());
    }

    private static void configure(StreamExecutionEnvironment env, JobConfig config) {
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, config.stateBackend().flinkName());
        if (!config.checkpointDirectory().isEmpty()) {
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDirectory());
        }
        env.configure(flink);
        if (config.checkpointing()) {
            env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        }
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
    }
}
