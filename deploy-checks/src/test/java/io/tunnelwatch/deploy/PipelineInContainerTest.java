package io.tunnelwatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tunnelwatch.agent.cli.AgentCli;
import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.job.CorrelationJob;
import io.tunnelwatch.job.JobConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The compose stack's replay path against the broker image the stack uses (apache/kafka): replay a
 * sample into the replay topic, run the job bounded over it, read the alerts. Needs a Docker engine;
 * without one it is skipped. Every behaviour it exercises is also tested without Docker (the cli
 * module's end-to-end tests on the embedded broker), so nothing depends on this test alone.
 */
class PipelineInContainerTest {

    private static final String KAFKA_IMAGE = "apache/kafka:4.2.0";
    private static final Path SAMPLE = Path.of("..", "samples", "ike-no-response.pcap").toAbsolutePath().normalize();
    private static final String ALERTS = "tunnelwatch.alerts.replay";
    private static KafkaContainer kafka;

    @BeforeAll
    static void startKafka() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            kafka = new KafkaContainer(KAFKA_IMAGE);
            kafka.start();
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void replayedSampleGivesItsExpectedAlertsThroughTheContainerisedBroker() throws Exception {
        // Reported as skipped, not passed, where there is no engine.
        assumeTrue(kafka != null, "no Docker engine: containerised pipeline skipped");
        createTopics(AgentConfig.REPLAY_TOPIC, ALERTS, "tunnelwatch.tunnel-events.replay", "tunnelwatch.dead-letters.replay");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int replayExit = AgentCli.execute(new String[] {"agent", "replay", "--bootstrap", kafka.getBootstrapServers(),
                SAMPLE.toString()}, OutputStream.nullOutputStream(), new PrintStream(errors, true, StandardCharsets.UTF_8));
        assertThat(replayExit).as(errors.toString(StandardCharsets.UTF_8)).isZero();

        JobConfig job = CommandLines.parseJob(List.of("--bootstrap-servers", kafka.getBootstrapServers(), "--bounded",
                "--summaries-topic", AgentConfig.REPLAY_TOPIC, "--alerts-topic", ALERTS,
                "--tunnel-events-topic", "tunnelwatch.tunnel-events.replay",
                "--dead-letter-topic", "tunnelwatch.dead-letters.replay"), Map.of());
        CorrelationJob.run(job);

        List<String> expectedReasons = expectedAlertReasons();
        List<String> alerts = readAll(ALERTS);
        assertThat(alerts).hasSameSizeAs(expectedReasons);
        for (String reason : expectedReasons) {
            assertThat(alerts).anyMatch(alert -> alert.contains(reason));
        }
    }

    private static List<String> expectedAlertReasons() throws IOException {
        List<String> reasons = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(SAMPLE + ".expected.jsonl"), StandardCharsets.UTF_8)) {
            if (line.contains("\"type\":\"alert\"")) {
                reasons.add(line.replaceAll(".*\"reason\":\"([A-Z_0-9]+)\".*", "$1"));
            }
        }
        return reasons;
    }

    private static void createTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, 1, (short) 1).configs(Map.of("retention.ms", "-1")));
            }
            admin.createTopics(topics).all().get();
        }
    }

    private static List<String> readAll(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-in-container-test");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            int emptyPolls = 0;
            while (emptyPolls < 3) {
                var records = consumer.poll(Duration.ofSeconds(2));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> record : records) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
