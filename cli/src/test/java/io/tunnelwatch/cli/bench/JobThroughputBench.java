package io.tunnelwatch.cli.bench;

import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.agent.config.ProducerSettings;
import io.tunnelwatch.agent.config.ReplayConfig;
import io.tunnelwatch.agent.config.ReplaySpeed;
import io.tunnelwatch.agent.config.VpnPorts;
import io.tunnelwatch.agent.publish.AggregationPolicy;
import io.tunnelwatch.agent.replay.ReplayResult;
import io.tunnelwatch.agent.replay.ReplayRunner;
import io.tunnelwatch.job.CorrelationJob;
import io.tunnelwatch.job.CorrelationJobCommand;
import io.tunnelwatch.job.JobConfig;
import io.tunnelwatch.job.JobIo;
import io.tunnelwatch.job.KafkaIo;
import io.tunnelwatch.job.SummaryElement;
import io.tunnelwatch.job.TunnelPacket;
import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Correlation job throughput against a no-op job on the same pre-filled topic, in one process (issue 3,
 * item 9). Not a test: run by hand, see docs/benchmarks.md.
 *
 * <p>Both contenders read the same topic with the job's own Kafka source and {@code SummaryDeserializer}
 * (bounded, from the earliest offset), key packets by tunnel, and end in discarding sinks. The no-op job
 * keeps one counter per key; the correlation job is {@link CorrelationJob#build} unchanged (watermarks,
 * route by kind, broadcast heartbeats, state machine, timers) with discarding sinks in place of Kafka,
 * so the difference is the correlation alone. Each run is its own MiniCluster job; the figure is Flink's
 * net job runtime (submission to finish: deployment included, MiniCluster start-up not).
 */
public final class JobThroughputBench {
    private static final String TOPIC = "bench.summaries";

    private JobThroughputBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args);
        List<Path> files = Bench.files(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "2"));
        List<Integer> parallelisms = Bench.ints(options.getOrDefault("parallelism", "1,2"));
        List<String> backends = List.of(options.getOrDefault("backends", "HEAP").split(","));

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic(TOPIC, partitions);
            long summaries = 0;
            for (Path file : files) {
                ReplayResult replay = replay(file, broker.bootstrapServers());
                summaries += replay.summaries() + replay.heartbeats() * partitions;
                System.out.printf("filled: %s %,d packets -> %,d summaries, %,d heartbeat rounds%n",
                        file, replay.packetsRead(), replay.summaries(), replay.heartbeats());
            }
            System.out.printf("topic %s: %d partitions, ~%,d records%n", TOPIC, partitions, summaries);

            List<String> rows = new ArrayList<>();
            for (String backend : backends) {
                for (int parallelism : parallelisms) {
                    if (rows.isEmpty()) {
                        // One untimed pair first: class loading and JIT of the shared path.
                        run(broker, backend, parallelism, false);
                        run(broker, backend, parallelism, true);
                    }
                    List<Double> noop = new ArrayList<>();
                    List<Double> correlation = new ArrayList<>();
                    for (int i = 0; i < runs; i++) {
                        noop.add(timed(broker, backend, parallelism, false, summaries));
                        correlation.add(timed(broker, backend, parallelism, true, summaries));
                    }
                    rows.add(row(backend, parallelism, summaries, noop, correlation));
                }
            }
            System.out.println();
            System.out.println("| state | parallelism | no-op best / median s | correlation best / median s "
                    + "| no-op M rec/s (best) | correlation M rec/s (best) | ratio best | ratio median "
                    + "| process CPU s no-op / correlation (best) | ratio CPU |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
        }
    }

    private static String row(String backend, int parallelism, long records, List<Double> noop, List<Double> correlation) {
        double noopBest = Bench.best(noop);
        double corrBest = Bench.best(correlation);
        double noopMedian = Bench.median(noop);
        double corrMedian = Bench.median(correlation);
        double noopCpu = Bench.best(CPU_SECONDS.get("no-op" + backend + parallelism));
        double corrCpu = Bench.best(CPU_SECONDS.get("correlation" + backend + parallelism));
        return String.format("| %s | %d | %.2f / %.2f | %.2f / %.2f | %.3f | %.3f | %.2f | %.2f | %.1f / %.1f | %.2f |",
                backend, parallelism, noopBest, noopMedian, corrBest, corrMedian, records / noopBest / 1e6,
                records / corrBest / 1e6, noopBest / corrBest, noopMedian / corrMedian, noopCpu, corrCpu, noopCpu / corrCpu);
    }

    private static final Map<String, List<Double>> CPU_SECONDS = new HashMap<>();

    private static double timed(EmbeddedKafkaBroker broker, String backend, int parallelism, boolean correlation,
                                long records) throws Exception {
        long cpuBefore = Bench.processCpuNanos();
        double seconds = run(broker, backend, parallelism, correlation);
        double cpu = (Bench.processCpuNanos() - cpuBefore) / 1e9;
        String contender = correlation ? "correlation" : "no-op";
        CPU_SECONDS.computeIfAbsent(contender + backend + parallelism, k -> new ArrayList<>()).add(cpu);
        System.out.printf("run: %-11s %-7s p=%d  %.2f s  %.3f M rec/s  process CPU %.1f s  load %s%n",
                contender, backend, parallelism, seconds, records / seconds / 1e6, cpu, Bench.load());
        return seconds;
    }

    private static int groups;

    /** One bounded job over the whole topic; returns Flink's net runtime in seconds. */
    private static double run(EmbeddedKafkaBroker broker, String backend, int parallelism, boolean correlation)
            throws Exception {
        String group = "bench-" + (++groups);
        JobConfig config = CorrelationJobCommand.parse(List.of(
                "--bootstrap-servers", broker.bootstrapServers(),
                "--summaries-topic", TOPIC,
                "--group-id", group,
                "--transactional-id-prefix", group,
                "--start-from", "EARLIEST",
                "--bounded",
                "--state-backend", backend,
                "--parallelism", String.valueOf(parallelism)), Map.of());
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, config.stateBackend().flinkName());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
        JobIo kafka = KafkaIo.of(config);
        if (correlation) {
            CorrelationJob.build(env, new JobIo(kafka.summaries(), new DiscardingSink<>(), new DiscardingSink<>()), config);
        } else {
            env.fromSource(kafka.summaries(), WatermarkStrategy.<SummaryElement>forBoundedOutOfOrderness(config.outOfOrderness())
                            .withTimestampAssigner((element, kafkaTimestamp) -> element.eventTimeMillis())
                            .withIdleness(config.sourceIdleness()), "summaries")
                    .filter(element -> element.packet() != null)
                    .map(SummaryElement::packet)
                    .keyBy(TunnelPacket::tunnelKey, Types.STRING)
                    .process(new CountPerKey())
                    .sinkTo(new DiscardingSink<>());
        }
        JobExecutionResult result = env.execute(correlation ? "bench correlation" : "bench no-op");
        return result.getNetRuntime() / 1000.0;
    }

    /** The no-op job's work: one counter per key, nothing emitted. */
    static final class CountPerKey extends KeyedProcessFunction<String, TunnelPacket, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(TunnelPacket packet, Context ctx, Collector<Long> out) throws Exception {
            Long current = count.value();
            count.update(current == null ? 1L : current + 1);
        }
    }

    static ReplayResult replay(Path file, String bootstrap) {
        AgentConfig agent = new AgentConfig(TOPIC, "bench", "bench",
                ProducerSettings.build(Map.of(), bootstrap, "tunnelwatch-bench-fill"),
                VpnPorts.DEFAULT, AggregationPolicy.DEFAULT, Duration.ofSeconds(1),
                100_000, -1, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such capture: " + file);
        }
        ReplayConfig config = new ReplayConfig(agent, List.of(file), ReplaySpeed.MAX);
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(new HashMap<>(agent.producerProperties()))) {
            return new ReplayRunner(config, producer, System.err).run();
        }
    }
}
