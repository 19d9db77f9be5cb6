package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import io.tunnelwatch.synth.SynthRequest;
import io.tunnelwatch.synth.SynthRunner;
import io.tunnelwatch.synth.pcap.CaptureFormat;
import io.tunnelwatch.synth.scenario.EspTraffic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * {@code local} runs beyond the samples' verdicts, on the shared broker: packets out of order within the
 * event-time bound change nothing; the correlation settings reach the agent and the job; the report
 * shows every tunnel and verdict of the demo.
 *
 * <p>Out of order means: packets interleave across tunnels, across connections of a tunnel and across the
 * two directions of IKE and ESP, each less than the bound late. The segments of one TCP connection keep
 * their order ({@link PcapShuffle#shuffle}): the agent follows a connection's TLS stream in arrival
 * order, and with the two directions of a login interleaved (gateway's last handshake records after the
 * client's next segment in the file) a synth mix gave TLS_INCOMPLETE instead of IKE_NOT_STARTED for one
 * tunnel (100.64.0.227, seed 11). One capture point sees a connection in order; two (one per
 * direction) merged out of order would hit that.
 */
class LocalRunsTest {
    private static final Path SAMPLES = Path.of("..", "samples");
    private static final AtomicInteger RUNS = new AtomicInteger();
    /** Below the default out-of-orderness (2 s) with room for the watermark's millisecond rounding. */
    private static final long SHUFFLE_BOUND_MICROS = 1_500_000L;

    private static EmbeddedKafkaBroker kafka;

    @TempDir
    Path temp;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.broker();
    }

    @Test
    void shouldGiveTheSameAlertsAndEventsWhenPacketsArriveOutOfOrderWithinTheBound() throws Exception {
        Path mix = temp.resolve("mix.pcap");
        SynthRunner.run(new SynthRequest(null, false, 300, 11, 20, EspTraffic.BULK, CaptureFormat.PCAP, mix));
        List<Path> captures = new ArrayList<>(DemoCommand.captures(SAMPLES));
        captures.add(mix);
        byte[][] header = new byte[1][];
        List<PcapShuffle.Packet> ordered = PcapShuffle.merge(captures, header);
        List<PcapShuffle.Packet> shuffled = PcapShuffle.shuffle(ordered, SHUFFLE_BOUND_MICROS, 5);
        Path inOrder = temp.resolve("merged.pcap");
        Path outOfOrder = temp.resolve("shuffled.pcap");
        PcapShuffle.write(inOrder, header[0], ordered);
        PcapShuffle.write(outOfOrder, header[0], shuffled);
        assertThat(PcapShuffle.latePackets(shuffled)).as("packets arriving after a later one").isGreaterThan(ordered.size() / 10);
        assertThat(PcapShuffle.maxLatenessMicros(shuffled)).isLessThan(SHUFFLE_BOUND_MICROS);
        assertThat(shuffled).as("a new order of the same packets").containsExactlyInAnyOrderElementsOf(ordered);

        LocalPipeline.Result expected = run(new LocalOptions(List.of(inOrder), List.of(), null, null, 1, 1, false));
        LocalPipeline.Result actual = run(new LocalOptions(List.of(outOfOrder), List.of(), null, null, 2, 4, false));

        assertThat(expected.alerts()).as("the mix raises alerts").hasSizeGreaterThan(50);
        assertThat(actual.deadLetters()).isEmpty();
        assertThat(sorted(actual.alerts())).as(difference(expected.alerts(), actual.alerts())).isEqualTo(sorted(expected.alerts()));
        assertThat(sorted(actual.events())).as(difference(expected.events(), actual.events())).isEqualTo(sorted(expected.events()));
    }

    @Test
    void shouldEndCleanlyOnACaptureWithoutPackets() throws Exception {
        // The job's input can end before its tasks run: the drain must wait for them, not fail.
        Path empty = temp.resolve("empty.pcap");
        Files.write(empty, new byte[] {
            (byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0});

        LocalPipeline.Result result = run(new LocalOptions(List.of(empty), List.of(), null, null, 1, 1, false));

        assertThat(result.replay().packetsRead()).isZero();
        assertThat(result.alerts()).isEmpty();
        assertThat(result.events()).isEmpty();
        assertThat(result.deadLetters()).isEmpty();
    }

    @Test
    void shouldHandTheTimeoutsToTheJobAndTheVpnTcpPortsToTheAgentAndTheJob() throws Exception {
        List<Path> samples = List.of(SAMPLES.resolve("ike-no-response.pcap"), SAMPLES.resolve("tcp-refused.pcap"));
        CorrelationSettings changed = new CorrelationSettings(List.of(60443), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120));

        LocalPipeline.Result result = run(new LocalOptions(samples, List.of(), null, null, 1, 1, false, changed, null));

        List<Verdicts.Row> rows = Verdicts.rows(result.alerts(), result.events());
        assertThat(rows).extracting(Verdicts.Row::client, Verdicts.Row::reason, Verdicts.Row::time).containsExactlyInAnyOrder(
                // Default: MM1 + 30 s (11:30:30); with a 10 s phase timeout, MM1 + 10 s.
                org.assertj.core.groups.Tuple.tuple("100.64.0.7", "IKE_NO_RESPONSE", "2010-06-01T11:30:10Z"),
                // Port 443 is no VPN port now: the refused login is not seen, only the IKE rejection before it.
                org.assertj.core.groups.Tuple.tuple("100.64.0.2", "IKE_NOTIFY_ERROR", "2010-06-01T11:05:13.577155Z"));
    }

    @Test
    void shouldReportEveryTunnelAndVerdictOfTheDemo() throws Exception {
        Path report = temp.resolve("demo.html");
        List<Path> samples = DemoCommand.captures(SAMPLES);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        LocalPipeline pipeline = new LocalPipeline(quiet(), kafka, "-runs" + RUNS.incrementAndGet());
        LocalOptions options = new LocalOptions(samples, List.of(), null, null, 1, 1, false, CorrelationSettings.DEFAULT, report);

        int exit = LocalCommand.run(pipeline, options, new PrintStream(table, true, StandardCharsets.UTF_8), quiet());

        assertThat(exit).isZero();
        String html = Files.readString(report, StandardCharsets.UTF_8);
        Document document = ReportDocuments.parse(html);
        NodeList sections = ReportDocuments.nodes(document, "//*[local-name()='section' and @class='tunnel']");
        assertThat(sections.getLength()).isEqualTo(samples.size());
        String text = document.getDocumentElement().getTextContent();
        for (Path sample : samples) {
            for (String line : ExpectedLines.expected(sample)) {
                var expected = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                assertThat(text).contains(expected.path("client").asText() + " \u2192 " + expected.path("gateway").asText());
                if (expected.path("type").asText().equals("alert")) {
                    assertThat(text).contains(expected.path("reason").asText() + " (attempt " + expected.path("attempt").asInt() + ")");
                }
            }
        }
        assertThat(ReportDocuments.nodes(document, "//*[local-name()='svg']").getLength()).isEqualTo(samples.size());
        assertThat(text).contains("NO-PROPOSAL-CHOSEN (error 14)").contains("SSLv2[client_hello]");
        ReportDocuments.assertNoExternalReference(html);
    }

    /** The lines only one side has, so a failure reads in a few lines rather than two lists of hundreds. */
    private static String difference(List<String> expected, List<String> actual) {
        List<String> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        List<String> extra = new ArrayList<>(actual);
        expected.forEach(extra::remove);
        return "in order only: " + missing + "\nshuffled only: " + extra;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    private static LocalPipeline.Result run(LocalOptions options) throws Exception {
        return new LocalPipeline(quiet(), kafka, "-runs" + RUNS.incrementAndGet()).run(options);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
