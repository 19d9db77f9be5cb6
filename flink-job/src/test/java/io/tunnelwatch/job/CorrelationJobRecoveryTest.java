package io.tunnelwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.agent.config.ProducerSettings;
import io.tunnelwatch.agent.config.ReplayConfig;
import io.tunnelwatch.agent.config.ReplaySpeed;
import io.tunnelwatch.agent.config.VpnPorts;
import io.tunnelwatch.agent.publish.AggregationPolicy;
import io.tunnelwatch.agent.replay.ReplayResult;
import io.tunnelwatch.agent.replay.ReplayRunner;
import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import io.tunnelwatch.synth.BundledSamples;
import io.tunnelwatch.synth.scenario.ExpectedEvent;
import io.tunnelwatch.synth.scenario.Scenario;
import io.tunnelwatch.synth.scenario.ScenarioGenerator;
import io.tunnelwatch.synth.scenario.TunnelPlan;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once output across a failure: the job fails once mid-stream, after a checkpoint completed and
 * while records of the next one were already written into an open Kafka transaction; it restarts from
 * that checkpoint, replays the segment after it, and a read_committed consumer sees every expected alert
 * and tunnel event exactly once.
 *
 * <p>The input is real: synth generates a capture of many tunnels (every failure reason, and established
 * tunnels that close) with the outputs the contract requires, and the agent's replay path publishes it.
 */
class CorrelationJobRecoveryTest {
    private static final Logger LOG = LoggerFactory.getLogger(CorrelationJobRecoveryTest.class);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(smallNetworkBuffers())
            .build());

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Each scenario this many times, each tunnel on its own client: enough input to fail in the middle. */
    private static final int ROUNDS = 30;
    /** Tunnels start this far apart in event time, so verdicts come out all along the stream. */
    private static final long TUNNEL_SPACING_MICROS = 3_000_000L;
    private static final int ESTABLISHED_SESSION_ESP_PACKETS = 40;

    private static EmbeddedKafkaBroker kafka;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void shouldWriteEveryVerdictExactlyOnceWhenTheJobFailsMidStreamAndRestartsFromACheckpoint() throws Exception {
        String run = "recovery";
        createTopics(run);
        Path capture = tempDir.resolve("many-tunnels.pcap");
        List<ExpectedEvent> expected = writeCapture(capture);
        ReplayResult replay = replay(capture, topic(run, "summaries"));
        assertThat(replay.complete()).as("replay delivered everything: %s", replay).isTrue();
        LOG.info("replayed {} packets as {} summaries in {}", replay.packetsRead(), replay.publisher().acknowledged(),
                replay.elapsed());

        runJobThatFailsOnce(config(run, "--bounded", "--start-from", "EARLIEST", "--checkpoint-interval", "200ms",
                "--parallelism", "2"));

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the injected failure happened").isTrue();
        assertThat(FailOnceAfterCheckpoint.RESTORED_CHECKPOINT.get())
                .as("the restarted job resumed from a completed checkpoint, not from the start").isPositive();
        assertThat(FailOnceAfterCheckpoint.COMMITTED_BEFORE_FAILURE.get()).as("outputs committed before the failure")
                .isPositive();
        assertThat(FailOnceAfterCheckpoint.OUTPUTS_BEFORE_FAILURE.get()).as("outputs before the failure: mid-stream")
                .isLessThan(expected.size());

        List<JsonNode> alerts = read(topic(run, "alerts"), "read_committed").stream().map(r -> fromAlert(json(r))).toList();
        List<JsonNode> events = read(topic(run, "tunnel-events"), "read_committed").stream().map(r -> fromEvent(json(r))).toList();
        assertThat(alerts).as("committed alerts: each expected one exactly once")
                .containsExactlyInAnyOrderElementsOf(expectedOf(expected, "alert"));
        assertThat(events).as("committed tunnel events: each expected one exactly once")
                .containsExactlyInAnyOrderElementsOf(expectedOf(expected, "established", "closed"));
        assertThat(read(topic(run, "dead-letters"), "read_committed")).isEmpty();

        // The aborted transaction's records are still in the log: read_uncommitted shows them again.
        List<JsonNode> committed = Stream.concat(alerts.stream(), events.stream()).toList();
        List<JsonNode> everything = Stream.concat(
                read(topic(run, "alerts"), "read_uncommitted").stream().map(r -> fromAlert(json(r))),
                read(topic(run, "tunnel-events"), "read_uncommitted").stream().map(r -> fromEvent(json(r)))).toList();
        assertThat(everything).as("records of the aborted transaction").hasSizeGreaterThan(committed.size());
        assertThat(committed).as("aborted records were written again after the restart, none is extra")
                .containsAll(everything);
        LOG.info("{} outputs expected; failed after {} outputs ({} of the failing subtask committed), restored "
                        + "checkpoint {}; in the end {} records committed, {} aborted",
                expected.size(), FailOnceAfterCheckpoint.OUTPUTS_BEFORE_FAILURE.get(),
                FailOnceAfterCheckpoint.COMMITTED_BEFORE_FAILURE.get(),
                FailOnceAfterCheckpoint.RESTORED_CHECKPOINT.get(), committed.size(), everything.size() - committed.size());
    }

    /**
     * The job's own graph, with the failure injection between the correlation and the Kafka output sink (so
     * the graph's own output sink gets nothing), restarted by a fixed-delay strategy.
     */
    private static void runJobThatFailsOnce(JobConfig config) throws Exception {
        FailOnceAfterCheckpoint.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restartTwice());
        JobIo kafkaIo = KafkaIo.of(config);
        CorrelationJob.Streams streams = CorrelationJob.build(env,
                new JobIo(kafkaIo.summaries(), new DiscardingSink<>(), kafkaIo.deadLetters()), config);
        streams.outputs()
                .map(new FailOnceAfterCheckpoint()).name("fail-once-after-checkpoint").uid("fail-once-after-checkpoint")
                .sinkTo(kafkaIo.outputs()).name("kafka-output-sink").uid("kafka-output-sink");
        env.execute("correlation that fails once");
    }

    /**
     * Passes outputs through; throws once, on the first attempt, when this subtask has outputs in a completed
     * checkpoint (committed by the sink) and {@link #OUTPUTS_IN_OPEN_TRANSACTION} outputs after the latest
     * checkpoint barrier (written into the sink's open transaction, to be aborted). Until then it holds each output
     * back a little: that backpressures the source, so the input is still being read when the failure comes instead
     * of having reached its end in a few hundred milliseconds.
     */
    static final class FailOnceAfterCheckpoint
            implements MapFunction<TunnelOutput, TunnelOutput>, CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private static final int COMMITTED_OUTPUTS_BEFORE_FAILURE = 40;
        private static final int OUTPUTS_IN_OPEN_TRANSACTION = 5;
        private static final long PACE_MILLIS = 5;
        /**
         * Slower still once enough outputs passed but no completed checkpoint covers them yet: on a loaded machine
         * checkpoints take seconds, and the outputs must not run out before one completes.
         */
        private static final long WAITING_FOR_CHECKPOINT_PACE_MILLIS = 20;
        /** Time for the producer's sender thread to hand the open transaction's records to the broker. */
        private static final long FLUSH_MILLIS = 500;

        /** Static: shared by the subtasks and survives the restart, so only the first attempt fails. */
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicLong RESTORED_CHECKPOINT = new AtomicLong(-1);
        /** Outputs all subtasks passed on during the first attempt. */
        static final AtomicLong OUTPUTS_BEFORE_FAILURE = new AtomicLong();
        /** Outputs of the failing subtask covered by a completed checkpoint when it failed. */
        static final AtomicLong COMMITTED_BEFORE_FAILURE = new AtomicLong();

        /** This subtask's outputs so far, as of each checkpoint barrier not yet known to be complete. */
        private transient NavigableMap<Long, Long> outputsAtBarrier;
        private transient long outputs;
        private transient long committedOutputs;

        static void reset() {
            FAILED.set(false);
            RESTORED_CHECKPOINT.set(-1);
            OUTPUTS_BEFORE_FAILURE.set(0);
            COMMITTED_BEFORE_FAILURE.set(0);
        }

        @Override
        public TunnelOutput map(TunnelOutput output) throws Exception {
            if (FAILED.get()) {
                return output;
            }
            outputs++;
            OUTPUTS_BEFORE_FAILURE.incrementAndGet();
            long inOpenTransaction = outputs - outputsAtBarrier.lastEntry().getValue();
            if (committedOutputs >= COMMITTED_OUTPUTS_BEFORE_FAILURE && inOpenTransaction >= OUTPUTS_IN_OPEN_TRANSACTION
                    && FAILED.compareAndSet(false, true)) {
                COMMITTED_BEFORE_FAILURE.set(committedOutputs);
                Thread.sleep(FLUSH_MILLIS);
                throw new IllegalStateException("injected failure: " + committedOutputs + " outputs committed, "
                        + inOpenTransaction + " in the open transaction");
            }
            boolean waitingForCheckpoint = outputs >= COMMITTED_OUTPUTS_BEFORE_FAILURE
                    && committedOutputs < COMMITTED_OUTPUTS_BEFORE_FAILURE;
            Thread.sleep(waitingForCheckpoint ? WAITING_FOR_CHECKPOINT_PACE_MILLIS : PACE_MILLIS);
            return output;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            outputsAtBarrier.put(context.getCheckpointId(), outputs);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            NavigableMap<Long, Long> covered = outputsAtBarrier.headMap(checkpointId, true);
            if (!covered.isEmpty()) {
                committedOutputs = covered.lastEntry().getValue();
                covered.keySet().removeIf(id -> id < checkpointId);
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            outputsAtBarrier = new TreeMap<>(Map.of(0L, 0L));
            if (context.isRestored()) {
                RESTORED_CHECKPOINT.set(context.getRestoredCheckpointId().orElse(0));
            }
        }
    }

    /** Every failure scenario and an established tunnel that closes, {@link #ROUNDS} times, each on its own client. */
    private static List<ExpectedEvent> writeCapture(Path capture) throws IOException {
        List<Scenario> scenarios = new ArrayList<>(BundledSamples.failureScenarios());
        scenarios.add(Scenario.QUICKVPN_TLS);
        List<TunnelPlan> plans = new ArrayList<>();
        for (int i = 0; i < ROUNDS * scenarios.size(); i++) {
            Scenario scenario = scenarios.get(i % scenarios.size());
            TunnelPlan sample = ScenarioGenerator.samplePlan(scenario, i, BundledSamples.SAMPLE_SEED + i);
            plans.add(new TunnelPlan(scenario, sample.client(), sample.gateway(),
                    ScenarioGenerator.EPOCH_MICROS + i * TUNNEL_SPACING_MICROS,
                    scenario == Scenario.QUICKVPN_TLS ? ESTABLISHED_SESSION_ESP_PACKETS : sample.sessionEspPackets(),
                    sample.seed()));
        }
        try (OutputStream pcap = new BufferedOutputStream(Files.newOutputStream(capture))) {
            return ScenarioGenerator.write(plans, pcap).expected();
        }
    }

    /** The agent's replay path, as fast as Kafka takes it. */
    private static ReplayResult replay(Path capture, String topic) {
        AgentConfig agent = new AgentConfig(topic, "agent-1", "site-1",
                ProducerSettings.build(Map.of(), kafka.bootstrapServers(), "recovery-replay"),
                VpnPorts.DEFAULT, AggregationPolicy.DEFAULT, Duration.ofSeconds(1),
                100_000, -1, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(Map.copyOf(agent.producerProperties()))) {
            return new ReplayRunner(new ReplayConfig(agent, List.of(capture), ReplaySpeed.MAX), producer,
                    new PrintStream(OutputStream.nullOutputStream())).run();
        }
    }

    /**
     * Network buffers of 4 KiB instead of 32: little data in flight between the operators, so backpressure reaches
     * the source soon and a checkpoint barrier does not queue behind most of the input (checkpoints stay aligned,
     * as in production).
     */
    private static Configuration smallNetworkBuffers() {
        Configuration configuration = new Configuration();
        configuration.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, MemorySize.parse("4kb"));
        return configuration;
    }

    private static Configuration restartTwice() {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return configuration;
    }

    private static JobConfig config(String run, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--summaries-topic", topic(run, "summaries"),
                "--alerts-topic", topic(run, "alerts"),
                "--tunnel-events-topic", topic(run, "tunnel-events"),
                "--dead-letter-topic", topic(run, "dead-letters"),
                "--group-id", "test-" + run,
                "--transactional-id-prefix", "test-" + run));
        args.addAll(List.of(extra));
        return CorrelationJobCommand.parse(args, Map.of());
    }

    private static void createTopics(String run) {
        kafka.createTopic(topic(run, "summaries"), 2);
        for (String output : List.of("alerts", "tunnel-events", "dead-letters")) {
            kafka.createTopic(topic(run, output), 1);
        }
    }

    private static String topic(String run, String name) {
        return run + "." + name;
    }

    /**
     * Everything a consumer at {@code isolation} sees on the topic: read up to the end offsets, which for
     * read_committed stop at the last stable offset (the job has ended, so no transaction is still open).
     */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The expected outputs of {@code types}, in the form {@link #fromAlert}/{@link #fromEvent} give. */
    private static List<JsonNode> expectedOf(List<ExpectedEvent> expected, String... types) {
        List<String> wanted = List.of(types);
        return expected.stream().filter(e -> wanted.contains(e.type()))
                .map(e -> normalized(e.toJsonLine())).toList();
    }

    /** An alert as its expected line: type, client, gateway, stage, reason, attempt, time, evidence. */
    private static JsonNode fromAlert(JsonNode alert) {
        ObjectNode line = JSON.createObjectNode();
        line.put("type", "alert");
        line.put("client", alert.path("source").path("ip").asText());
        line.put("gateway", alert.path("destination").path("ip").asText());
        JsonNode vpn = alert.path("vpn");
        String reason = vpn.path("reason").asText();
        line.put("stage", vpn.path("stage").asText());
        line.put("reason", reason);
        line.put("attempt", vpn.path("attempt").asInt());
        line.put("ts_micros", micros(alert.path("@timestamp").asText()));
        JsonNode evidence = vpn.path("evidence");
        switch (reason) {
            case "TLS_ALERT" -> line.put("evidence", evidence.path("tls_alert").path("description").asText());
            case "IKE_NOTIFY_ERROR" -> line.put("evidence", evidence.path("ike").path("notify_type").asText());
            case "ESP_ONE_WAY" -> line.put("evidence", evidence.path("esp").path("direction_seen").asText());
            default -> { }
        }
        return normalized(line.toString());
    }

    /** A tunnel event as its expected line: established with its attempt, closed with its duration. */
    private static JsonNode fromEvent(JsonNode event) {
        ObjectNode line = JSON.createObjectNode();
        boolean established = event.path("event").path("action").asText().equals("vpn-tunnel-established");
        line.put("type", established ? "established" : "closed");
        line.put("client", event.path("source").path("ip").asText());
        line.put("gateway", event.path("destination").path("ip").asText());
        if (established) {
            line.put("attempt", event.path("vpn").path("attempt").asInt());
        }
        line.put("ts_micros", micros(event.path("@timestamp").asText()));
        if (!established) {
            line.put("duration_micros", event.path("event").path("duration").asLong() / 1000L);
        }
        return normalized(line.toString());
    }

    /** Parsed from text, so that both sides hold the same number node types. */
    private static JsonNode normalized(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + line, e);
        }
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        return normalized(new String(record.value(), StandardCharsets.UTF_8));
    }

    private static long micros(String iso) {
        Instant instant = Instant.parse(iso);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    }
}
