package io.tunnelwatch.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.agent.config.ProducerSettings;
import io.tunnelwatch.agent.config.ReplayConfig;
import io.tunnelwatch.agent.config.ReplaySpeed;
import io.tunnelwatch.agent.config.VpnPorts;
import io.tunnelwatch.agent.publish.AggregationPolicy;
import io.tunnelwatch.summary.SummaryCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The schema's size budget (issue: average encoded summary at most 64 bytes over the bundled samples,
 * before Kafka compression), measured on what the replay path actually publishes. Kafka's MockProducer
 * only records the values here: delivery is tested against a real broker in {@link ReplayToKafkaTest}.
 */
class SummarySizeTest {
    private static final Path SAMPLES = Path.of("..", "samples");
    private static final double BUDGET_BYTES = 64.0;

    @Test
    void shouldKeepTheAverageSummaryOfTheBundledSamplesWithinBudget() throws IOException {
        List<Path> captures = samples();
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        AgentConfig agent = new AgentConfig("size-check", "agent-1", "site-1",
                ProducerSettings.build(Map.of(), "127.0.0.1:9", "size-check"),
                VpnPorts.DEFAULT, AggregationPolicy.DEFAULT, Duration.ofSeconds(1),
                10_000, -1, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

        ReplayResult result = new ReplayRunner(new ReplayConfig(agent, captures, ReplaySpeed.MAX), producer,
                new PrintStream(OutputStream.nullOutputStream())).run();

        List<ProducerRecord<byte[], byte[]>> summaries = producer.history().stream()
                .filter(record -> record.key() != null && record.key().length > 0)
                .toList();
        assertThat(summaries).hasSize((int) result.summaries());
        assertThat(summaries).allSatisfy(record ->
                assertThat(SummaryCodec.decode(record.value())).isInstanceOf(SummaryCodec.Ok.class));
        double average = summaries.stream().mapToInt(record -> record.value().length).average().orElseThrow();
        System.out.printf("average encoded summary over %d bundled samples: %.1f bytes (%d summaries)%n",
                captures.size(), average, summaries.size());
        assertThat(average).isLessThanOrEqualTo(BUDGET_BYTES);
    }

    private static List<Path> samples() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            List<Path> captures = files.filter(file -> file.toString().endsWith(".pcap")).sorted().toList();
            assertThat(captures).as("bundled samples in " + SAMPLES.toAbsolutePath()).isNotEmpty();
            return captures;
        }
    }
}
