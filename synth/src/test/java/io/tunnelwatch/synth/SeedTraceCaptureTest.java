package io.tunnelwatch.synth;

import io.tunnelwatch.synth.scenario.ExpectedEvent;
import io.tunnelwatch.synth.seed.SeedFrame;
import io.tunnelwatch.synth.seed.SeedTraceCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconstructed seed capture against the seed's own frame list, column by column. */
class SeedTraceCaptureTest {
    private static final Pattern TCP_INFO = Pattern.compile(
        "^(\\S+) > (\\S+) \\[([A-Z, ]+)] Seq=(\\d+)(?: Ack=(\\d+))? Win=(\\d+) Len=(\\d*)(?: MSS=(\\d+))?$");
    private static final Map<String, Integer> PORTS = Map.of("https", 443, "nav-port", 3859, "giga-pocket", 3862);
    private static final Map<String, Integer> FLAGS = Map.of("FIN", 1, "SYN", 2, "RST", 4, "PSH", 8, "ACK", 16);
    private static final Map<Integer, String> HANDSHAKES = Map.of(1, "Client Hello", 2, "Server Hello",
        11, "Certificate", 14, "Server Hello Done", 16, "Client Key Exchange");
    private static final Map<Integer, String> EXCHANGES = Map.of(2, "Identity Protection (Main Mode)",
        32, "Quick Mode", 5, "Informational");

    private static byte[] pcap;
    private static List<SeedFrame> rows;
    private static List<TestPacket> packets;

    @BeforeAll
    static void build() {
        pcap = SeedTraceCapture.pcapBytes();
        rows = SeedFrame.load();
        packets = TestPcapReader.read(pcap);
    }

    @Test
    void shouldEqualTheCommittedSampleByteForByte() throws IOException {
        byte[] committed = Files.readAllBytes(RepositoryFiles.samplesDirectory().resolve("quickvpn-seed.pcap"));

        assertThat(pcap).isEqualTo(committed);
        assertThat(SeedTraceCapture.pcapBytes()).isEqualTo(pcap);
    }

    @Test
    void shouldKeepExactlyTheListedFramesWithTheirTimesAndAddresses() {
        assertThat(rows).hasSize(42);
        assertThat(packets).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            SeedFrame row = rows.get(i);
            TestPacket packet = packets.get(i);
            assertThat(packet.tsMicros).as("frame %d", row.number())
                .isEqualTo(SeedTraceCapture.EPOCH_BASE_MICROS + row.relativeMicros());
            assertThat(packet.src).as("frame %d", row.number()).isEqualTo(row.source());
            assertThat(packet.dst).as("frame %d", row.number()).isEqualTo(row.destination());
            assertThat(packet.ipChecksumValid && packet.transportChecksumValid).as("frame %d", row.number()).isTrue();
        }
    }

    @Test
    void shouldMatchFlagsSequenceAcknowledgementWindowAndLengthOfEveryTcpRow() {
        Map<Integer, Long> clientIsn = Map.of(3859, SeedTraceCapture.NAV_PORT_CLIENT_ISN,
            3862, SeedTraceCapture.GIGA_POCKET_CLIENT_ISN);
        Map<Integer, Long> serverIsn = Map.of(3859, SeedTraceCapture.NAV_PORT_SERVER_ISN,
            3862, SeedTraceCapture.GIGA_POCKET_SERVER_ISN);
        int checked = 0;
        for (int i = 0; i < rows.size(); i++) {
            SeedFrame row = rows.get(i);
            if (!row.protocol().equals("TCP")) {
                continue;
            }
            Matcher info = TCP_INFO.matcher(row.info());
            assertThat(info.matches()).as("Info of frame %d: %s", row.number(), row.info()).isTrue();
            TestPacket packet = packets.get(i);
            int flags = 0;
            for (String flag : info.group(3).split(", ")) {
                flags |= FLAGS.get(flag);
            }
            boolean fromClient = packet.src.equals(SeedTraceCapture.CLIENT);
            int clientPort = fromClient ? packet.srcPort : packet.dstPort;
            long ownIsn = fromClient ? clientIsn.get(clientPort) : serverIsn.get(clientPort);
            long peerIsn = fromClient ? serverIsn.get(clientPort) : clientIsn.get(clientPort);
            String frame = "frame " + row.number();
            assertThat(packet.srcPort).as(frame).isEqualTo(PORTS.get(info.group(1)));
            assertThat(packet.dstPort).as(frame).isEqualTo(PORTS.get(info.group(2)));
            assertThat(packet.tcpFlags).as(frame).isEqualTo(flags);
            assertThat((packet.seq - ownIsn) & 0xFFFF_FFFFL).as(frame).isEqualTo(Long.parseLong(info.group(4)));
            if (info.group(5) != null) {
                assertThat((packet.ack - peerIsn) & 0xFFFF_FFFFL).as(frame).isEqualTo(Long.parseLong(info.group(5)));
            }
            assertThat(packet.window).as(frame).isEqualTo(Integer.parseInt(info.group(6)));
            // Frame 100's Len is cut off in the write-up ("Len="): a pure ACK, 0.
            int length = info.group(7).isEmpty() ? 0 : Integer.parseInt(info.group(7));
            assertThat(packet.payload.length).as(frame).isEqualTo(length);
            if (info.group(8) != null) {
                assertThat(packet.mss).as(frame).isEqualTo(Integer.parseInt(info.group(8)));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(13);
    }

    @Test
    void shouldCarryTheListedTlsRecordsAcrossBothConnections() {
        Map<Integer, String> labels = tlsLabels();
        int checked = 0;
        for (int i = 0; i < rows.size(); i++) {
            SeedFrame row = rows.get(i);
            if (row.protocol().equals("TLSv1") || row.protocol().equals("SSLv2")) {
                assertThat(labels.get(i)).as("frame %d", row.number()).isEqualTo(row.protocol() + " " + row.info());
                checked++;
            } else {
                assertThat(labels).as("frame %d carries no record header", row.number()).doesNotContainKey(i);
            }
        }
        assertThat(checked).isEqualTo(13);
    }

    @Test
    void shouldCarryTheListedIsakmpAndEspMessages() {
        for (int i = 0; i < rows.size(); i++) {
            SeedFrame row = rows.get(i);
            TestPacket packet = packets.get(i);
            String frame = "frame " + row.number();
            if (row.protocol().equals("ISAKMP")) {
                assertThat(packet.srcPort).as(frame).isEqualTo(500);
                assertThat(EXCHANGES.get(packet.ikeExchangeType())).as(frame).isEqualTo(row.info());
                assertThat(packet.isakmp()[17]).as(frame).isEqualTo((byte) 0x10);
                boolean cleartextMainMode = row.number() <= 162;
                assertThat((packet.ikeFlags() & 1) == 0).as(frame + " cleartext").isEqualTo(cleartextMainMode);
                assertThat(packet.ikeResponderSpi() == 0).as(frame).isEqualTo(row.number() == 153);
            } else if (row.protocol().equals("ESP")) {
                assertThat(packet.protocol).as(frame).isEqualTo(50);
                assertThat(String.format("ESP (SPI=0x%08x)", packet.espSpi())).as(frame).isEqualTo(row.info());
            }
        }
    }

    @Test
    void shouldExpectOneEstablishedTunnelClosedAfterIdleAndNoAlert() {
        List<ExpectedEvent> expected = SeedTraceCapture.expectedEvents();

        assertThat(expected).extracting(ExpectedEvent::type).containsExactly("established", "closed");
        assertThat(expected.get(0).tsMicros()).isEqualTo(SeedTraceCapture.EPOCH_BASE_MICROS + 48_233_459L);
        assertThat(expected.get(0).attempt()).isEqualTo(1);
        PacketEvidence.assertAgree(packets, expected);
    }

    /** Wireshark-style labels ("TLSv1 Change Cipher Spec, Encrypted Handshake Message") by frame index. */
    private static Map<Integer, String> tlsLabels() {
        Map<String, List<Integer>> directions = new HashMap<>();
        for (int i = 0; i < packets.size(); i++) {
            TestPacket p = packets.get(i);
            if (p.isTcp() && p.payload.length > 0) {
                directions.computeIfAbsent(p.src + ":" + p.srcPort + ">" + p.dst + ":" + p.dstPort,
                    k -> new ArrayList<>()).add(i);
            }
        }
        Map<Integer, List<String>> names = new HashMap<>();
        Map<Integer, String> protocol = new HashMap<>();
        for (List<Integer> indexes : directions.values()) {
            List<TestPacket> segments = indexes.stream().map(packets::get).toList();
            for (TestTlsStream.Record record : TestTlsStream.records(segments, indexes)) {
                List<String> frameNames = names.computeIfAbsent(record.frameIndex(), k -> new ArrayList<>());
                if (record.contentType() == 0) {
                    protocol.put(record.frameIndex(), "SSLv2");
                    frameNames.add("Client Hello");
                    continue;
                }
                protocol.putIfAbsent(record.frameIndex(), record.version() == 0x0301 ? "TLSv1" : "?");
                switch (record.contentType()) {
                    case 20 -> frameNames.add("Change Cipher Spec");
                    case 21 -> frameNames.add(record.encrypted() ? "Encrypted Alert" : "Alert");
                    case 23 -> frameNames.add("Application Data");
                    case 22 -> {
                        if (record.encrypted()) {
                            frameNames.add("Encrypted Handshake Message");
                        } else {
                            record.handshakeTypes().forEach(t -> frameNames.add(HANDSHAKES.get(t)));
                        }
                    }
                    default -> frameNames.add("?");
                }
            }
        }
        Map<Integer, String> labels = new HashMap<>();
        names.forEach((frame, list) -> labels.put(frame, protocol.get(frame) + " " + String.join(", ", list)));
        return labels;
    }
}
