package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.correlation.AlertEvidence;
import io.tunnelwatch.correlation.FailureReason;
import io.tunnelwatch.correlation.HandshakeAlert;
import io.tunnelwatch.correlation.IpAddress;
import io.tunnelwatch.correlation.StageWindow;
import io.tunnelwatch.correlation.TunnelEndpoints;
import io.tunnelwatch.correlation.TunnelEstablished;
import io.tunnelwatch.job.EcsJson;
import io.tunnelwatch.job.TunnelOutput;
import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tunnelwatch alerts} on a real broker, with alerts and tunnel events written here as the job writes them. */
class AlertsCommandTest {
    private static final long T0 = 1_275_390_000_000_000L; // 2010-06-01T11:00:00Z
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.broker();
    }

    @Test
    void shouldPrintOneRowPerTunnelFromTheTopics() throws Exception {
        Topics topics = topics();
        publish(topics.alerts(), alert("100.64.0.8", FailureReason.IKE_NOTIFY_ERROR, 1, T0 + 13_000_000));
        publish(topics.alerts(), alert("100.64.0.8", FailureReason.TCP_NO_RESPONSE, 2, T0 + 61_000_000));
        publish(topics.events(), EcsJson.toOutput(new TunnelEstablished(T0 + 5_000_000, endpoints("213.16.33.141"), "local", 1, false), "local"));

        Run run = run("--bootstrap", kafka.bootstrapServers(), "--topic", topics.alerts(), "--events-topic", topics.events());

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).hasSize(3);
        assertThat(run.out()).contains("213.16.33.141").contains("ESTABLISHED")
                .contains("TCP_NO_RESPONSE").contains("after IKE_NOTIFY_ERROR (attempt 1)");
    }

    @Test
    void shouldKeepPrintingNewRowsWhenFollowing() throws Exception {
        Topics topics = topics();
        publish(topics.alerts(), alert("100.64.0.7", FailureReason.IKE_NO_RESPONSE, 1, T0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AlertsOptions options = new AlertsOptions(kafka.bootstrapServers(), topics.alerts(), topics.events(), true, false,
                Duration.ofSeconds(10));
        AlertFeed feed = AlertsCommand.open(options, new PrintStream(out, true, StandardCharsets.UTF_8), quiet());
        CompletableFuture<Void> following = CompletableFuture.runAsync(() -> {
            try (feed) {
                feed.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        awaitText(out, "reason"); // the header: the feed is at the end offsets now
        publish(topics.alerts(), alert("100.64.0.9", FailureReason.IKE_PHASE1_INCOMPLETE, 1, T0 + 60_000_000));
        awaitText(out, "IKE_PHASE1_INCOMPLETE");
        feed.stop();
        following.get(10, TimeUnit.SECONDS);

        assertThat(out.toString(StandardCharsets.UTF_8)).as("without --from-beginning, older rows are not shown")
                .doesNotContain("IKE_NO_RESPONSE").contains("100.64.0.9");
    }

    @Test
    void shouldSayInOneLineWhenTheBrokerDoesNotAnswer() {
        Run run = run("--bootstrap", "127.0.0.1:1", "--timeout", "2s");

        assertThat(run.exit()).isNotZero();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("tunnelwatch: no answer from Kafka at 127.0.0.1:1 within 2 s");
    }

    @Test
    void shouldSayInOneLineWhenATopicIsMissing() {
        Run run = run("--bootstrap", kafka.bootstrapServers(), "--topic", "no-such-topic", "--timeout", "5s");

        assertThat(run.exit()).isNotZero();
        assertThat(run.err().lines()).singleElement().asString().contains("has no topic no-such-topic");
    }

    @Test
    void shouldRejectABootstrapThatIsNotHostAndPort() {
        Run run = run("--bootstrap", "localhost");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().contains("'localhost' is not HOST:PORT");
    }

    private record Topics(String alerts, String events) {}

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] command = new String[args.length + 1];
            command[0] = "alerts";
            System.arraycopy(args, 0, command, 1, args.length);
            int exit = LocalCli.execute(command);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static Topics topics() {
        int n = TOPICS.incrementAndGet();
        Topics topics = new Topics("alerts-" + n, "events-" + n);
        kafka.createTopic(topics.alerts(), 1);
        kafka.createTopic(topics.events(), 1);
        return topics;
    }

    private static void publish(String topic, TunnelOutput output) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(topic, output.tunnelId(), output.json())).get(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitText(ByteArrayOutputStream out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString(StandardCharsets.UTF_8).contains(text)) {
            assertThat(System.nanoTime()).as("waiting for '%s' in %s", text, out).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static TunnelOutput alert(String client, FailureReason reason, int attempt, long at) {
        AlertEvidence evidence = new AlertEvidence(null, new StageWindow(at - 500_000, at), null, 0, 1, 1, 0, 1, 0, 0,
                0, -1, false, 0, 0, null);
        return EcsJson.toOutput(new HandshakeAlert(at, endpoints(client), "local", reason.stage(), reason, attempt, false,
                at - 500_000, false, 0, evidence, reason.name() + " happened."), "local");
    }

    private static TunnelEndpoints endpoints(String client) {
        return new TunnelEndpoints(IpAddress.parse(client), 0, IpAddress.parse("198.18.0.1"), 0);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
