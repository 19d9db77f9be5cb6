package io.tunnelwatch.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    Path dir;

    @TempDir
    static Path storeDir;

    /** A real PKCS12 keystore with one self-signed key, made once by the JDK's keytool. */
    private static Path keystore;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = storeDir.resolve("agent.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "agent", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=agent-7",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
    }

    @Test
    void shouldPreferFlagOverEnvironmentOverFile() throws IOException {
        Path file = write("agent.properties", """
                bootstrap.servers=file-host:9092
                tunnelwatch.topic=from-file
                tunnelwatch.site=file-site
                tunnelwatch.agent.id=file-agent
                """);
        Map<String, String> env = Map.of("TUNNELWATCH_TOPIC", "from-env", "TUNNELWATCH_BOOTSTRAP", "env-host:9092",
                "TUNNELWATCH_SITE", "env-site");

        AgentConfig withFlag = new AgentConfigLoader(env).capture(flags(null, "from-flag", file), captureFlags()).agent();
        AgentConfig withoutFlag = new AgentConfigLoader(env).capture(flags(null, null, file), captureFlags()).agent();
        AgentConfig fileOnly = new AgentConfigLoader(Map.of()).capture(flags(null, null, file), captureFlags()).agent();

        assertThat(withFlag.topic()).isEqualTo("from-flag");
        assertThat(withoutFlag.topic()).isEqualTo("from-env");
        assertThat(withoutFlag.bootstrapServers()).isEqualTo("env-host:9092");
        assertThat(withoutFlag.site()).isEqualTo("env-site");
        assertThat(withoutFlag.agentId()).isEqualTo("file-agent");
        assertThat(fileOnly.topic()).isEqualTo("from-file");
        assertThat(fileOnly.bootstrapServers()).isEqualTo("file-host:9092");
    }

    @Test
    void shouldUseSeparateDefaultTopicsForLiveAndReplay() throws IOException {
        Path capture = write("capture.pcap", "not read by the loader");
        AgentConfigLoader loader = new AgentConfigLoader(Map.of());

        assertThat(loader.capture(flags("h:1", null, null), captureFlags()).agent().topic()).isEqualTo("tunnelwatch.summaries");
        assertThat(loader.replay(flags("h:1", null, null), null, List.of(capture.toString())).agent().topic())
                .isEqualTo("tunnelwatch.summaries.replay");
    }

    @Test
    void shouldApplyTunedProducerDefaultsThatTheFileCanOverride() throws IOException {
        Path file = write("producer.properties", "linger.ms=50\ncompression.type=zstd\n");

        Map<String, String> producer = new AgentConfigLoader(Map.of())
                .capture(flags("h:1", null, file), captureFlags()).agent().producerProperties();

        assertThat(producer).containsEntry("enable.idempotence", "true").containsEntry("acks", "all")
                .containsEntry("linger.ms", "50").containsEntry("compression.type", "zstd")
                .containsEntry("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        assertThat(new AgentConfigLoader(Map.of()).capture(flags("h:1", null, null), captureFlags())
                .agent().producerProperties()).containsEntry("compression.type", "lz4");
    }

    @Test
    void shouldPassSaslSslScramSettingsToARealProducer() throws Exception {
        Path truststore = keystore;
        Path file = write("scram.properties", """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="agent-7" password="s3cret";
                ssl.truststore.type=PKCS12
                ssl.truststore.location=%s
                ssl.truststore.password=%s
                """.formatted(truststore, STORE_PASSWORD));

        Map<String, String> producer = new AgentConfigLoader(Map.of())
                .capture(flags("127.0.0.1:9093", null, file), captureFlags()).agent().producerProperties();

        assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", truststore.toString())
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"agent-7\" password=\"s3cret\";");
        // The client parses the JAAS line and loads the truststore when it is built: no broker needed for that.
        new KafkaProducer<byte[], byte[]>(new HashMap<String, Object>(producer)).close(java.time.Duration.ZERO);
    }

    @Test
    void shouldPassMutualTlsSettingsToARealProducer() throws Exception {
                Path file = write("mtls.properties", """
                security.protocol=SSL
                ssl.keystore.type=PKCS12
                ssl.keystore.location=%1$s
                ssl.keystore.password=%2$s
                ssl.key.password=%2$s
                ssl.truststore.type=PKCS12
                ssl.truststore.location=%1$s
                ssl.truststore.password=%2$s
                ssl.endpoint.identification.algorithm=https
                """.formatted(keystore, STORE_PASSWORD));

        Map<String, String> producer = new AgentConfigLoader(Map.of())
                .replay(flags("127.0.0.1:9093", null, file), "max", List.of(file.toString())).agent().producerProperties();

        assertThat(producer).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.location", keystore.toString())
                .containsEntry("ssl.key.password", STORE_PASSWORD);
        new KafkaProducer<byte[], byte[]>(new HashMap<String, Object>(producer)).close(java.time.Duration.ZERO);
    }

    @Test
    void shouldRejectAnUnknownProducerValueInOneLine() throws IOException {
        Path file = write("bad.properties", "compression.type=lz5\n");

        assertThatThrownBy(() -> new AgentConfigLoader(Map.of()).capture(flags("h:1", null, file), captureFlags()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Kafka producer configuration: ")
                .hasMessageContaining("lz5")
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldNameTheOriginOfABadGatewayCidr() {
        Map<String, String> env = Map.of("TUNNELWATCH_GATEWAYS", "192.0.2.0/24,198.51.100.7/33");

        assertThatThrownBy(() -> new AgentConfigLoader(env).capture(flags("h:1", null, null), captureFlags()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bad CIDR '198.51.100.7/33': prefix length must be 0-32 (from TUNNELWATCH_GATEWAYS)");
    }

    @Test
    void shouldSayWhichFileCannotBeRead() {
        assertThatThrownBy(() -> new AgentConfigLoader(Map.of())
                .replay(flags("h:1", null, null), null, List.of(dir.resolve("missing.pcapng").toString())))
                .hasMessage("cannot read capture file " + dir.resolve("missing.pcapng") + ": no such file");
        assertThatThrownBy(() -> new AgentConfigLoader(Map.of())
                .capture(flags("h:1", null, dir.resolve("nope.properties")), captureFlags()))
                .hasMessage("cannot read configuration file " + dir.resolve("nope.properties") + ": no such file");
    }

    @Test
    void shouldRequireBootstrapServersFromSomewhere() {
        assertThatThrownBy(() -> new AgentConfigLoader(Map.of()).capture(flags(null, null, null), captureFlags()))
                .hasMessageStartingWith("no Kafka bootstrap servers");
    }

    private static AgentFlags flags(String bootstrap, String topic, Path configFile) {
        return new AgentFlags(bootstrap, topic, configFile == null ? null : configFile.toString(),
                null, null, null, null, null, null, null, null, null);
    }

    private static CaptureFlags captureFlags() {
        return new CaptureFlags(List.of("lo"), null, null, null, null, null);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
