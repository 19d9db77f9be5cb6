package io.tunnelwatch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tunnelwatch.correlation.CorrelationConfig;
import io.tunnelwatch.correlation.IpPrefix;
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
        assertThat(config.correlation()).isEqualTo(CorrelationConfig.defaults());
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

    @Test
    void shouldTakeTheCorrelationSettingsFromFlagsEnvironmentAndFile() throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "esp-timeout=90s\nike-phase-timeout=40s\n");
        Map<String, String> env = Map.of(
                "TUNNELWATCH_JOB_GATEWAYS", "198.51.100.0/24",
                "TUNNELWATCH_JOB_IKE_PHASE_TIMEOUT", "45s");

        JobConfig config = CorrelationJobCommand.parse(List.of("--config", file.toString(),
                "--gateways", "203.0.113.0/24, 2001:db8::/32", "--vpn-tcp-ports", "443,8443",
                "--tcp-connect-timeout", "5s", "--tls-handshake-timeout", "15s", "--ike-start-timeout", "2m",
                "--idle-timeout", "10m"), env);

        CorrelationConfig correlation = config.correlation();
        assertThat(correlation.gateways())
                .containsExactly(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("2001:db8::/32"));
        assertThat(correlation.vpnTcpPorts()).containsExactlyInAnyOrder(443, 8443);
        assertThat(correlation.tcpConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(correlation.tlsHandshakeTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(correlation.ikeStartTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(correlation.ikePhaseTimeout()).as("environment beats file").isEqualTo(Duration.ofSeconds(45));
        assertThat(correlation.espTimeout()).as("file beats default").isEqualTo(Duration.ofSeconds(90));
        assertThat(correlation.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(CorrelationJobCommand.parse(List.of(), env).correlation().gateways())
                .containsExactly(IpPrefix.parse("198.51.100.0/24"));
    }

    @Test
    void shouldRejectWrongCorrelationSettingsWithAOneLineReason() {
        assertThatThrownBy(() -> CorrelationJobCommand.parse(List.of("--gateways", "vpn.example.com"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gateways: ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> CorrelationJobCommand.parse(List.of("--vpn-tcp-ports", "443,https"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'https' is not a port number");
        assertThatThrownBy(() -> CorrelationJobCommand.parse(List.of("--vpn-tcp-ports", "70000"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> CorrelationJobCommand.parse(List.of("--esp-timeout", "0"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("esp-timeout must be positive");
    }
}
