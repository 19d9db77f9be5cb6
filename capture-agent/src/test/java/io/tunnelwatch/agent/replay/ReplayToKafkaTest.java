package io.tunnelwatch.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.agent.cli.AgentCli;
import io.tunnelwatch.agent.testing.TopicReader;
import io.tunnelwatch.agent.testing.WiresharkFrames;
import io.tunnelwatch.agent.testing.WiresharkFrames.Frame;
import io.tunnelwatch.agent.testing.WiresharkFrames.Kind;
import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import io.tunnelwatch.summary.RecordHeaders;
import io.tunnelwatch.summary.SummaryCodec;
import io.tunnelwatch.summary.TunnelKey;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.Heartbeat;
import io.tunnelwatch.summary.v1.PacketSummary;
import io.tunnelwatch.summary.v1.TlsRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code agent replay} of two public captures (IKEv2 with NAT-T and ESP-in-UDP; a TLS 1.2 session on
 * 443) into a real broker, read back and checked against TShark's decoding of the same files.
 */
class ReplayToKafkaTest {
    private static final String IPSEC = "corpus/ndpi/ipsec_isakmp_esp.pcap";
    private static final String TLS = "corpus/zeek/tls1.2.pcap";
    private static final int PARTITIONS = 3;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void shouldReplayBothFilesIntoKafkaExactlyAsTsharkDecodedThem() throws Exception {
        broker.createTopic("replay-e2e", PARTITIONS);
        Path ipsec = resource(IPSEC);
        Path tls = resource(TLS);
        Map<String, List<Frame>> framesByFile = Map.of(
                ipsec.getFileName().toString(), WiresharkFrames.read(resource(expected(IPSEC))),
                tls.getFileName().toString(), WiresharkFrames.read(resource(expected(TLS))));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int exit = AgentCli.execute(new String[] {"agent", "replay", "--bootstrap", broker.bootstrapServers(),
                "--topic", "replay-e2e", "--agent-id", "branch-7", "--site", "lyon", ipsec.toString(), tls.toString()},
                stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(exit).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("records published:", "not delivered:      0");
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readToEnd(broker.bootstrapServers(), "replay-e2e",
                Duration.ofSeconds(30));
        List<ConsumerRecord<byte[], byte[]>> packets = records.stream().filter(r -> r.key().length > 0).toList();
        List<ConsumerRecord<byte[], byte[]>> heartbeats = records.stream().filter(r -> r.key().length == 0).toList();
        Map<String, String> sha256 = Map.of(ipsec.getFileName().toString(), sha256(ipsec), tls.getFileName().toString(), sha256(tls));

        Map<String, Long> dataFramesPerFlow = new HashMap<>();
        Map<String, Long> dataPacketsPublishedPerFlow = new HashMap<>();
        List<Frame> handshakeFramesSeen = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : packets) {
            String file = header(record, RecordHeaders.SOURCE_FILE);
            assertThat(header(record, RecordHeaders.SCHEMA)).isEqualTo(RecordHeaders.SCHEMA_V1);
            assertThat(header(record, RecordHeaders.AGENT_ID)).isEqualTo("branch-7");
            assertThat(header(record, RecordHeaders.SITE)).isEqualTo("lyon");
            assertThat(header(record, RecordHeaders.SOURCE_SHA256)).isEqualTo(sha256.get(file));
            PacketSummary summary = decode(record).getPacket();
            byte[] src = summary.getSrcIp().toByteArray();
            byte[] dst = summary.getDstIp().toByteArray();
            assertThat(record.key()).isEqualTo(TunnelKey.of(src, dst));
            assertThat(record.timestamp()).isEqualTo(Math.floorDiv(summary.getTsMicros(), 1_000));
            if (summary.hasAggregate()) {
                Frame first = frameAt(framesByFile.get(file), summary).orElseThrow(
                        () -> new AssertionError("aggregate starts at no frame: " + summary));
                assertThat(first.dataPlane()).isTrue();
                assertThat(summary.getAggregate().getLastTsMicros()).isGreaterThanOrEqualTo(summary.getTsMicros());
                assertThat(summary.getAggregate().getBytes()).isPositive();
                dataPacketsPublishedPerFlow.merge(file + first.flow(), (long) summary.getAggregate().getPackets(), Long::sum);
                continue;
            }
            Frame frame = frameAt(framesByFile.get(file), summary).orElseThrow(
                    () -> new AssertionError("summary matches no frame TShark saw: " + summary));
            assertDecodedAsTshark(summary, frame);
            if (frame.dataPlane()) {
                dataPacketsPublishedPerFlow.merge(file + frame.flow(), 1L, Long::sum);
            } else {
                handshakeFramesSeen.add(frame);
            }
        }
        List<Frame> handshakeFrames = new ArrayList<>();
        framesByFile.forEach((file, frames) -> frames.forEach(frame -> {
            if (frame.kind() == Kind.OTHER) {
                return;
            }
            if (frame.dataPlane()) {
                dataFramesPerFlow.merge(file + frame.flow(), 1L, Long::sum);
            } else {
                handshakeFrames.add(frame);
            }
        }));
        assertThat(handshakeFramesSeen).as("every handshake packet published once, by itself")
                .containsExactlyInAnyOrderElementsOf(handshakeFrames);
        assertThat(dataPacketsPublishedPerFlow).as("every data-plane packet counted once, alone or in an aggregate")
                .isEqualTo(dataFramesPerFlow);
        assertThat(packets.size()).as("aggregation reduces the record count").isLessThan(handshakeFrames.size()
                + dataFramesPerFlow.values().stream().mapToInt(Long::intValue).sum());

        long lastTs = framesByFile.values().stream().flatMap(List::stream).mapToLong(Frame::tsMicros).max().orElseThrow();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            int p = partition;
            List<Heartbeat> onPartition = heartbeats.stream().filter(r -> r.partition() == p)
                    .map(r -> decode(r).getHeartbeat()).toList();
            assertThat(onPartition).as("heartbeats on partition " + p).isNotEmpty();
            Heartbeat last = onPartition.get(onPartition.size() - 1);
            assertThat(last.getCaptureClockMicros()).isEqualTo(lastTs);
            assertThat(last.getAgentDrops()).isZero();
            assertThat(last.getPacketsCaptured()).isGreaterThanOrEqualTo(
                    framesByFile.values().stream().mapToLong(List::size).sum());
        }
        assertThat(heartbeats).allSatisfy(record ->
                assertThat(record.headers().headers(RecordHeaders.SOURCE_FILE)).hasSize(2));
    }

    @Test
    void shouldSayInOneLineWhenKafkaCannotBeReached() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int exit = AgentCli.execute(new String[] {"agent", "replay", "--bootstrap", "127.0.0.1:1", "--startup-timeout-ms", "2000",
                resource(TLS).toString()}, new ByteArrayOutputStream(), new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(AgentCli.EXIT_USAGE);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).startsWith("tunnelwatch: cannot reach Kafka at 127.0.0.1:1")
                .hasLineCount(1);
    }

    @Test
    void shouldSayInOneLineWhichFileIsNotACapture() throws Exception {
        Path notACapture = Files.writeString(Files.createTempFile("not-a-capture", ".pcap"), "hello, world");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        int exit = AgentCli.execute(new String[] {"agent", "replay", "--bootstrap", broker.bootstrapServers(),
                notACapture.toString()}, new ByteArrayOutputStream(), new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(AgentCli.EXIT_USAGE);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .startsWith("tunnelwatch: cannot read capture file " + notACapture + ": not a pcap or pcapng file")
                .hasLineCount(1);
    }

    private static void assertDecodedAsTshark(PacketSummary summary, Frame frame) {
        switch (frame.kind()) {
            case IKE -> {
                assertThat(summary.getKind()).isEqualTo(io.tunnelwatch.summary.v1.PacketKind.IKE);
                assertThat(HexFormat.of().formatHex(longBytes(summary.getIke().getInitiatorSpi())))
                        .isEqualTo(frame.ikeInitiatorSpi());
                assertThat(summary.getIke().getExchangeType()).isEqualTo(frame.ikeExchangeType());
                assertThat(Integer.toUnsignedLong(summary.getIke().getMessageId())).isEqualTo(frame.ikeMessageId());
            }
            case ESP -> {
                assertThat(summary.getKind()).isEqualTo(io.tunnelwatch.summary.v1.PacketKind.ESP);
                assertThat(Integer.toUnsignedLong(summary.getEsp().getSpi())).isEqualTo(frame.espSpi());
            }
            case NATT_KEEPALIVE -> assertThat(summary.getKind()).isEqualTo(io.tunnelwatch.summary.v1.PacketKind.NATT_KEEPALIVE);
            case TCP -> {
                assertThat(summary.getKind()).isEqualTo(io.tunnelwatch.summary.v1.PacketKind.TCP);
                assertThat(summary.getTcp().getFlags()).isEqualTo(frame.tcpFlags());
                assertThat(summary.getTcp().getPayloadLen()).isEqualTo(frame.tcpLength());
                assertThat(summary.getTlsList().stream().map(TlsRecord::getContentType).toList())
                        .isEqualTo(frame.tlsContentTypes());
            }
            case OTHER -> throw new AssertionError("published a frame that is not VPN traffic: " + frame);
        }
    }

    private static Optional<Frame> frameAt(List<Frame> frames, PacketSummary summary) {
        return frames.stream().filter(frame -> frame.tsMicros() == summary.getTsMicros()
                && Arrays.equals(frame.src(), summary.getSrcIp().toByteArray())
                && Arrays.equals(frame.dst(), summary.getDstIp().toByteArray())
                && frame.srcPort() == (summary.getSrcPort() == 0 && frame.srcPort() < 0 ? -1 : summary.getSrcPort())
                && frame.dstPort() == (summary.getDstPort() == 0 && frame.dstPort() < 0 ? -1 : summary.getDstPort())
                && (frame.kind() != Kind.ESP || frame.espSpi() == Integer.toUnsignedLong(summary.getEsp().getSpi())))
                .findFirst();
    }

    private static AgentRecord decode(ConsumerRecord<byte[], byte[]> record) {
        SummaryCodec.Decoded decoded = SummaryCodec.decode(record.value());
        assertThat(decoded).isInstanceOf(SummaryCodec.Ok.class);
        return ((SummaryCodec.Ok) decoded).record();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] longBytes(long value) {
        return java.nio.ByteBuffer.allocate(8).putLong(value).array();
    }

    private static String expected(String capture) {
        return capture.replace("corpus/", "corpus/expected/") + ".tsv";
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ReplayToKafkaTest.class.getClassLoader().getResource(name).toURI());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
