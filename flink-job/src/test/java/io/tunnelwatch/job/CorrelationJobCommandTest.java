package io.tunnelwatch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CorrelationJobCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldRunWithDefaultsThatMatchTheContract() {
        JobConfig config = CorrelationJobCommand.parse(List.of(), Map.of());

        assertThat(config.outOfOrderness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.tunnelIdleTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.stateBackend()).isEqualTo(JobConfig.StateBackendKind.HEAP);
        assertThat(config.bounded()).isFalse();
        assertThat(config.checkpointing()).isFalse();
        assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void shouldPreferFlagOverEnvironmentOverFileOverDefault() throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "bootstrap-servers=file:9092\nalerts-topic=file.alerts\ngroup-id=file-group\n");
        Map<String, String> env = Map.of(
                "TUNNELWATCH_JOB_ALERTS_TOPIC", "env.alerts",
                "TUNNELWATCH_JOB_GROUP_ID", "env-group");

        JobConfig config = CorrelationJobCommand.parse(
                List.of("--config", file.toString(), "--group-id", "flag-group"), env);

        assertThat(config.groupId()).isEqualTo("flag-group");
        assertThat(config.alertsTopic()).isEqualTo("env.alerts");
        assertThat(config.bootstrapServers()).isEqualTo("file:9092");
        assertThat(config.summariesTopic()).isEqualTo("tunnelwatch.summaries");
    }

    @Test
    void shouldSelectRocksDbAndExactlyOnceWhenAsked() {
        JobConfig config = CorrelationJobCommand.parse(
                List.of("--state-backend", "rocksdb", "--checkpoint-interval", "30s", "--bounded"), Map.of());

        assertThat(config.stateBackend().flinkName()).isEqualTo("rocksdb");
        assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(config.bounded()).isTrue();
    }

    @Test
    void shouldReadKafkaClientPropertiesFromTheirFile() throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");

        JobConfig config = CorrelationJobCommand.parse(List.of("--kafka-config", file.toString()), Map.of());

        assertThat(config.kafkaProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void shouldRejectNonsenseWithAOneLineReason() {
        assertThatThrownBy(() -> CorrelationJobCommand.parse(List.of("--out-of-orderness", "soon"), Map.of()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> CorrelationJobCommand.parse(
                List.of("--checkpoint-interval", "20m", "--transaction-timeout", "10m"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transaction timeout");
    }
}
