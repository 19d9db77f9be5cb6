package io.tunnelwatch.job;

import static io.tunnelwatch.job.TestPackets.T0;
import static io.tunnelwatch.job.TestPackets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import io.tunnelwatch.summary.RecordHeaders;
import io.tunnelwatch.summary.TunnelKey;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.Heartbeat;
import io.tunnelwatch.summary.v1.PacketSummary;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a Flink MiniCluster between topics of a real Kafka broker, in bounded
 * (forensics) mode with checkpoints, so output goes through Kafka transactions.
 */
class CorrelationJobKafkaTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CLIENT_A = {10, 0, 0, 5};
    private static final byte[] CLIENT_B = {10, 0, 0, 6};
    private static final byte[] GATEWAY = {(byte) 192, 0, 2, 1};

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void shouldJudgeEveryTunnelOfABoundedInputAndSendBadRecordsToTheDeadLetterTopic() throws Exception {
        String run = "bounded";
        createTopics(run);
        byte[] garbage = {0x0a, (byte) 0xff, 0x01};
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // Tunnel A: MM1 and its retransmissions, sent out of order (within the 2 s bound); no answer.
            send(producer, run, packetRecord(mm1(T0 + seconds(4.5), 2, CLIENT_A)));
            send(producer, run, packetRecord(mm1(T0 + seconds(0.5), 1, CLIENT_A)));
            send(producer, run, packetRecord(mm1(T0 + seconds(11.7), 3, CLIENT_A)));
            // Tunnel B: one MM1, no answer.
            send(producer, run, packetRecord(mm1(T0 + seconds(1.5), 10, CLIENT_B)));
            // Heartbeats on both partitions, and two records nobody can read.
            for (int partition = 0; partition < 2; partition++) {
                producer.send(withHeaders(new ProducerRecord<>(topic(run, "summaries"), partition, new byte[0],
                        heartbeat(T0 + seconds(5)).toByteArray()))).get();
            }
            producer.send(new ProducerRecord<>(topic(run, "summaries"), 0, "junk".getBytes(StandardCharsets.UTF_8),
                    garbage)).get();
            producer.send(new ProducerRecord<>(topic(run, "summaries"), 1, null, new byte[0])).get();
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobConfig config = config(run, "--bounded", "--checkpoint-interval", "300ms");
        CorrelationJob.build(env, KafkaIo.of(config), config);
        env.execute("bounded correlation");

        List<ConsumerRecord<byte[], byte[]>> alerts = readCommitted(topic(run, "alerts"), 2);
        assertThat(alerts).hasSize(2);
        JsonNode a = alertFor(alerts, "10.0.0.5->192.0.2.1");
        assertThat(a.path("vpn").path("reason").asText()).isEqualTo("IKE_NO_RESPONSE");
        assertThat(a.path("vpn").path("evidence").path("retransmissions").asInt()).isEqualTo(2);
        // Judged at its own deadline (first MM1 + 30 s), past the input's end: the end-of-input
        // watermark fired it.
        assertThat(a.path("@timestamp").asText()).isEqualTo("2026-01-01T00:00:30.500Z");
        assertThat(a.path("observer").path("name").asText()).isEqualTo("agent-7");
        assertThat(a.path("labels").path("site").asText()).isEqualTo("branch-7");
        JsonNode b = alertFor(alerts, "10.0.0.6->192.0.2.1");
        assertThat(b.path("@timestamp").asText()).isEqualTo("2026-01-01T00:00:31.500Z");

        List<ConsumerRecord<byte[], byte[]>> deadLetters = readCommitted(topic(run, "dead-letters"), 2);
        assertThat(deadLetters).hasSize(2);
        ConsumerRecord<byte[], byte[]> junk = deadLetters.stream()
                .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals("junk"))
                .findFirst().orElseThrow();
        assertThat(junk.value()).isEqualTo(garbage);
        assertThat(header(junk, DeadLetterSerializer.REASON_HEADER)).contains("AgentRecord");
        assertThat(header(junk, DeadLetterSerializer.TOPIC_HEADER)).isEqualTo(topic(run, "summaries"));
        assertThat(header(junk, DeadLetterSerializer.PARTITION_HEADER)).isEqualTo("0");

        assertThat(readCommitted(topic(run, "tunnel-events"), 0)).isEmpty();
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

    private static PacketSummary mm1(long ts, long seq, byte[] client) {
        return TestPackets.mainModeStart(ts, seq, client, GATEWAY);
    }

    private static AgentRecord packetRecord(PacketSummary packet) {
        return AgentRecord.newBuilder().setPacket(packet).build();
    }

    private static AgentRecord heartbeat(long clockMicros) {
        return AgentRecord.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setCaptureClockMicros(clockMicros).setIntervalMillis(1000)).build();
    }

    /** Keyed by tunnel as the agent does, so one tunnel stays on one partition. */
    private static void send(KafkaProducer<byte[], byte[]> producer, String run, AgentRecord record) throws Exception {
        PacketSummary p = record.getPacket();
        byte[] key = TunnelKey.of(p.getSrcIp().toByteArray(), p.getDstIp().toByteArray());
        producer.send(withHeaders(new ProducerRecord<>(topic(run, "summaries"), null,
                Math.floorDiv(p.getTsMicros(), 1000L), key, record.toByteArray()))).get();
    }

    private static ProducerRecord<byte[], byte[]> withHeaders(ProducerRecord<byte[], byte[]> record) {
        record.headers().add(RecordHeaders.SCHEMA, RecordHeaders.SCHEMA_V1.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.AGENT_ID, "agent-7".getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.SITE, "branch-7".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** Everything committed on the topic: polls until {@code expected} records came, then once more. */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            // Assigned, not subscribed: no consumer group to join, so no rebalance to wait for.
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    private static JsonNode alertFor(List<ConsumerRecord<byte[], byte[]>> alerts, String tunnelId) throws Exception {
        for (ConsumerRecord<byte[], byte[]> event : alerts) {
            if (new String(event.key(), StandardCharsets.UTF_8).equals(tunnelId)) {
                return JSON.readTree(new String(event.value(), StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("no alert for tunnel " + tunnelId);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
