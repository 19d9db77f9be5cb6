package io.tunnelwatch.agent.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tunnelwatch.agent.config.AgentConfigLoader;
import io.tunnelwatch.agent.config.AgentFlags;
import io.tunnelwatch.agent.config.CaptureConfig;
import io.tunnelwatch.agent.config.CaptureFlags;
import io.tunnelwatch.agent.metrics.AgentMetrics;
import io.tunnelwatch.agent.metrics.MetricsServer;
import io.tunnelwatch.agent.testing.TopicReader;
import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import io.tunnelwatch.summary.RecordHeaders;
import io.tunnelwatch.summary.SummaryCodec;
import io.tunnelwatch.summary.TunnelKey;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.Heartbeat;
import io.tunnelwatch.summary.v1.PacketKind;
import io.tunnelwatch.summary.v1.PacketSummary;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on the loopback interface of traffic this test makes itself: a real TLS handshake
 * against a local TLS server, ISAKMP datagrams on UDP 500 and 4500, ESP-in-UDP and a NAT-T keepalive;
 * the summaries must arrive in a real broker. Needs root (or CAP_NET_RAW) and libpcap.
 */
class LiveCaptureTest {
    private static final String PASSWORD = "changeit";
    private static final long IKE_SPI = 0x1122334455667788L;
    private static final int ESP_SPI = 0x0badcafe;
    private static final int ESP_PACKETS = 5;
    private static final int PARTITIONS = 2;

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static SSLContext tls;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(isRoot(), "live capture needs root (or CAP_NET_RAW/CAP_NET_ADMIN); skipping the live capture tests");
        assumeTrue(PcapLibrary.find().isPresent(), "libpcap is not installed (apt-get install libpcap0.8); skipping");
        tls = selfSignedTls();
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void tearDown() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldPublishWhatItCapturesOnLoopback() throws Exception {
        broker.createTopic("live-lo", PARTITIONS);
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            int tlsPort = server.getLocalPort();
            CaptureConfig config = new AgentConfigLoader(Map.of()).capture(
                    new AgentFlags(broker.bootstrapServers(), "live-lo", null, "lo-agent", "lab",
                            "443,60443," + tlsPort, "0", "200", "1000", null, null, null),
                    new CaptureFlags(List.of("lo"), null, null, null, null, null));
            LiveCapture capture = new LiveCapture(config,
                    new KafkaProducer<>(new HashMap<String, Object>(config.agent().producerProperties())));
            Instant before = Instant.now();
            capture.start();
            AgentMetrics metrics = new AgentMetrics("lo-agent", "lab");
            metrics.bindPipeline(capture.counters());
            metrics.bindPublisher(capture.publisher());
            metrics.bindCaptureLoss(config.interfaces(), capture::losses);
            try (MetricsServer http = MetricsServer.start(0, metrics, capture::health)) {
                tlsSession(server);
                ikeAndEsp();
                awaitPackets(capture, 20);

                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).startsWith("UP");
                assertThat(scrape.body()).contains("tunnelwatch_packets_captured_total{", "tunnelwatch_capture_dropped_total{",
                        "tunnelwatch_records_published_total{", "tunnelwatch_buffer_fill{", "kind=\"ike\"");
            } finally {
                capture.stop();
            }
            Instant after = Instant.now();

            List<ConsumerRecord<byte[], byte[]>> records =
                    TopicReader.readToEnd(broker.bootstrapServers(), "live-lo", Duration.ofSeconds(30));
            List<ConsumerRecord<byte[], byte[]>> packetRecords = records.stream().filter(r -> r.key().length > 0).toList();
            byte[] loopback = InetAddress.getLoopbackAddress().getAddress();
            assertThat(packetRecords).isNotEmpty().allSatisfy(record -> {
                assertThat(record.key()).isEqualTo(TunnelKey.of(loopback, loopback));
                assertThat(record.timestamp()).isBetween(before.toEpochMilli() - 1, after.toEpochMilli());
                assertThat(new String(record.headers().lastHeader(RecordHeaders.AGENT_ID).value(), StandardCharsets.UTF_8))
                        .isEqualTo("lo-agent");
                assertThat(record.headers().lastHeader(RecordHeaders.SOURCE_FILE)).isNull();
            });
            List<PacketSummary> summaries = packetRecords.stream().map(r -> decode(r).getPacket()).toList();

            List<PacketSummary> ike = summaries.stream().filter(s -> s.getKind() == PacketKind.IKE).toList();
            assertThat(ike).hasSize(2).allSatisfy(s -> {
                assertThat(s.getIke().getInitiatorSpi()).isEqualTo(IKE_SPI);
                assertThat(s.getIke().getExchangeType()).isEqualTo(34);
                assertThat(s.getIke().getVersion()).isEqualTo(2);
            });
            assertThat(ike).extracting(PacketSummary::getDstPort).containsExactlyInAnyOrder(500, 4500);
            assertThat(ike).filteredOn(s -> s.getDstPort() == 4500).allSatisfy(s -> assertThat(s.getNatt()).isTrue());

            List<PacketSummary> esp = summaries.stream().filter(s -> s.getKind() == PacketKind.ESP).toList();
            assertThat(esp).allSatisfy(s -> assertThat(s.getEsp().getSpi()).isEqualTo(ESP_SPI));
            assertThat(esp.stream().mapToLong(s -> s.hasAggregate() ? s.getAggregate().getPackets() : 1).sum())
                    .as("every ESP packet, alone or aggregated").isEqualTo(ESP_PACKETS);
            assertThat(esp).filteredOn(s -> !s.hasAggregate()).hasSize(1);
            assertThat(summaries).filteredOn(s -> s.getKind() == PacketKind.NATT_KEEPALIVE).hasSize(1);

            List<PacketSummary> tcp = summaries.stream().filter(s -> s.getKind() == PacketKind.TCP && !s.hasAggregate()).toList();
            assertThat(tcp).anySatisfy(s -> {
                assertThat(s.getDstPort()).isEqualTo(tlsPort);
                assertThat(s.getTcp().getFlags() & 0x12).isEqualTo(0x02);
            });
            assertThat(tcp).anySatisfy(s -> {
                assertThat(s.getDstPort()).isEqualTo(tlsPort);
                assertThat(s.getTlsList()).anySatisfy(r -> assertThat(r.getHandshakeTypesList()).contains(1));
            });
            assertThat(tcp).anySatisfy(s -> {
                assertThat(s.getSrcPort()).isEqualTo(tlsPort);
                assertThat(s.getTlsList()).anySatisfy(r -> assertThat(r.getHandshakeTypesList()).contains(2));
            });
            assertThat(tcp).anySatisfy(s -> assertThat(s.getTcp().getFlags() & 0x01).isEqualTo(0x01));

            for (int partition = 0; partition < PARTITIONS; partition++) {
                int p = partition;
                List<Heartbeat> heartbeats = records.stream().filter(r -> r.key().length == 0 && r.partition() == p)
                        .map(r -> decode(r).getHeartbeat()).toList();
                assertThat(heartbeats).as("heartbeats on partition " + p).isNotEmpty();
                Heartbeat last = heartbeats.get(heartbeats.size() - 1);
                assertThat(last.getKernelDrops()).isZero();
                assertThat(last.getAgentDrops()).isZero();
                assertThat(last.getPacketsCaptured()).isEqualTo(capture.counters().packets());
                assertThat(last.getCaptureClockMicros()).isGreaterThanOrEqualTo(
                        summaries.stream().mapToLong(PacketSummary::getTsMicros).max().orElseThrow());
            }
        }
    }

    @Test
    void shouldFlushOpenAggregatesAndSendALastHeartbeatOnSigterm() throws Exception {
        broker.createTopic("live-sigterm", 1);
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.tunnelwatch.agent.cli.AgentCli",
                "agent", "capture", "--interface", "lo", "--bootstrap", broker.bootstrapServers(), "--topic", "live-sigterm",
                "--metrics-port", "-1", "--agent-id", "sigterm-agent")
                .redirectErrorStream(true).start();
        java.io.BufferedReader output = new java.io.BufferedReader(
                new java.io.InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null && !line.contains("capturing on")) {
            log.append(line).append('\n');
        }
        assertThat(line).as("the agent started capturing; its output:\n" + log).isNotNull();
        StringBuffer rest = new StringBuffer();
        Thread drain = new Thread(() -> {
            try {
                output.lines().forEach(l -> rest.append(l).append('\n'));
            } catch (java.io.UncheckedIOException closedWhenTheProcessEnded) {
                // the output ends with the process
            }
        });
        drain.start();

        // Ten ESP packets well inside one aggregation interval: only the first is published at once,
        // the other nine wait in an open aggregate that only the stop can flush.
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket(0, loopback)) {
            for (int seq = 1; seq <= 10; seq++) {
                byte[] esp = ByteBuffer.allocate(64).putInt(ESP_SPI).putInt(seq).array();
                socket.send(new DatagramPacket(esp, esp.length, loopback, 4500));
            }
        }
        Thread.sleep(300);
        agent.destroy();
        assertThat(agent.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        drain.join(5_000);
        assertThat(agent.exitValue()).as(rest.toString()).isEqualTo(143);
        List<ConsumerRecord<byte[], byte[]>> records =
                TopicReader.readToEnd(broker.bootstrapServers(), "live-sigterm", Duration.ofSeconds(30));
        List<PacketSummary> esp = records.stream().filter(r -> r.key().length > 0).map(r -> decode(r).getPacket())
                .filter(s -> s.getKind() == PacketKind.ESP).toList();
        assertThat(esp.stream().mapToLong(s -> s.hasAggregate() ? s.getAggregate().getPackets() : 1).sum())
                .as("ESP packets published; the agent said:\n" + log + line + "\n" + rest).isEqualTo(10);
        assertThat(esp).filteredOn(PacketSummary::hasAggregate).hasSize(1);
        List<Heartbeat> heartbeats = records.stream().filter(r -> r.key().length == 0).map(r -> decode(r).getHeartbeat()).toList();
        assertThat(heartbeats).isNotEmpty();
        assertThat(heartbeats.get(heartbeats.size() - 1).getPacketsCaptured()).isGreaterThanOrEqualTo(10);
        assertThat(heartbeats.get(heartbeats.size() - 1).getAgentDrops()).isZero();
    }

    @Test
    void shouldNameTheAvailableInterfacesWhenOneIsUnknown() {
        java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();

        int exit = io.tunnelwatch.agent.cli.AgentCli.execute(new String[] {"agent", "capture", "--interface", "nosuch0",
                "--bootstrap", "127.0.0.1:1", "--metrics-port", "-1"}, new java.io.ByteArrayOutputStream(),
                new java.io.PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(io.tunnelwatch.agent.cli.AgentCli.EXIT_USAGE);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .startsWith("tunnelwatch: unknown interface 'nosuch0' (available: ").contains("lo").hasLineCount(1);
    }

    private static void tlsSession(SSLServerSocket server) throws Exception {
        CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                InputStream in = socket.getInputStream();
                byte[] hello = in.readNBytes(5);
                socket.getOutputStream().write(hello);
                socket.getOutputStream().flush();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (SSLSocket client = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                server.getLocalPort())) {
            client.startHandshake();
            OutputStream out = client.getOutputStream();
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(client.getInputStream().readNBytes(5)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        }
        served.get();
    }

    /** ISAKMP on 500 and behind the non-ESP marker on 4500, ESP-in-UDP, and a NAT-T keepalive. */
    private static void ikeAndEsp() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket socket = new DatagramSocket(0, loopback)) {
            byte[] ike = ikeSaInit();
            socket.send(new DatagramPacket(ike, ike.length, loopback, 500));
            byte[] marked = ByteBuffer.allocate(4 + ike.length).putInt(0).put(ike).array();
            socket.send(new DatagramPacket(marked, marked.length, loopback, 4500));
            for (int seq = 1; seq <= ESP_PACKETS; seq++) {
                byte[] esp = ByteBuffer.allocate(64).putInt(ESP_SPI).putInt(seq).array();
                socket.send(new DatagramPacket(esp, esp.length, loopback, 4500));
            }
            socket.send(new DatagramPacket(new byte[] {(byte) 0xFF}, 1, loopback, 4500));
        }
    }

    /** An IKEv2 IKE_SA_INIT request header (RFC 7296 section 3.1) with no payloads. */
    private static byte[] ikeSaInit() {
        return ByteBuffer.allocate(28)
                .putLong(IKE_SPI)       // initiator SPI
                .putLong(0)             // responder SPI: zero in the first message
                .put((byte) 0)          // next payload: none
                .put((byte) 0x20)       // version 2.0
                .put((byte) 34)         // exchange type IKE_SA_INIT
                .put((byte) 0x08)       // flags: Initiator
                .putInt(0)              // message id
                .putInt(28)             // length: the header alone
                .array();
    }

    private static void awaitPackets(LiveCapture capture, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (capture.counters().packets() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static AgentRecord decode(ConsumerRecord<byte[], byte[]> record) {
        return ((SummaryCodec.Ok) SummaryCodec.decode(record.value())).record();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static SSLContext selfSignedTls() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
