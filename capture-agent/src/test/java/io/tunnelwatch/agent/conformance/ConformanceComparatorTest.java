package io.tunnelwatch.agent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparator must be able to fail: corrupted expectations are reported, field by field, all of them. */
class ConformanceComparatorTest {
    private static final String CAPTURE = "tcpdump/isakmp4500.pcap";

    private static WiresharkTruth truth() throws IOException {
        return WiresharkTruth.read(CorpusConformanceTest.corpusRoot().resolve("expected").resolve(CAPTURE + ".tsv"));
    }

    private static ConformanceComparator.Result compare(WiresharkTruth truth) {
        return ConformanceComparator.compare(CAPTURE, CorpusConformanceTest.corpusRoot().resolve(CAPTURE), truth);
    }

    private static WiresharkTruth withField(WiresharkTruth truth, int frame, String field, String value) {
        Map<Integer, Map<String, String>> rows = new LinkedHashMap<>(truth.rowsByFrame());
        Map<String, String> row = new HashMap<>(rows.get(frame));
        row.put(field, value);
        rows.put(frame, row);
        return new WiresharkTruth(rows);
    }

    @Test
    void shouldAgreeWithTheUncorruptedTruth() throws IOException {
        assertThat(compare(truth()).mismatches()).isEmpty();
    }

    @Test
    void shouldReportEveryCorruptedFieldNotJustTheFirst() throws IOException {
        // Frame 3 is MM1 on UDP 500, frame 12 ESP-in-UDP: corrupt one field in each.
        WiresharkTruth corrupted = withField(truth(), 3, "isakmp.ispi", "9e89f2388f90bc1f");
        int espFrame = corrupted.rowsByFrame().entrySet().stream()
                .filter(e -> !e.getValue().get("esp.spi").isEmpty()).findFirst().orElseThrow().getKey();
        corrupted = withField(corrupted, espFrame, "esp.sequence", "999999");

        assertThat(compare(corrupted).mismatches())
                .extracting(Mismatch::frame, Mismatch::field, Mismatch::wireshark)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(3, "isakmp.ispi", "9e89f2388f90bc1f"),
                        org.assertj.core.groups.Tuple.tuple(espFrame, "esp.sequence", "999999"));
    }

    @Test
    void shouldReportAFrameWiresharkHasButTheDecoderDoesNotReport() throws IOException {
        Map<Integer, Map<String, String>> rows = new LinkedHashMap<>(truth().rowsByFrame());
        Map<String, String> arp = new HashMap<>(rows.values().iterator().next());
        // Frame 1 of this capture is ARP: the decoder rightly reports nothing for it.
        rows.put(1, arp);
        assertThat(compare(new WiresharkTruth(rows)).mismatches())
                .anySatisfy(m -> {
                    assertThat(m.frame()).isEqualTo(1);
                    assertThat(m.field()).isEqualTo(ConformanceComparator.ROW);
                });
    }

    @Test
    void shouldReportAFrameTheDecoderReportsButWiresharkDoesNot() throws IOException {
        Map<Integer, Map<String, String>> rows = new LinkedHashMap<>(truth().rowsByFrame());
        rows.remove(3);
        assertThat(compare(new WiresharkTruth(rows)).mismatches())
                .containsExactly(new Mismatch(CAPTURE, 3, ConformanceComparator.ROW, "", "reported as IKE"));
    }

    @Test
    void shouldNotLetAKnownDifferenceCoverOtherFramesOrFields() {
        Mismatch sameFileOtherFrame = new Mismatch("tcpdump/ISAKMP_sa_setup.pcap", 5, "_ws.malformed", "malformed", "");
        Mismatch sameFrameOtherField = new Mismatch("tcpdump/ISAKMP_sa_setup.pcap", 3, "isakmp.ispi", "a", "b");
        assertThat(KnownDifference.covering(sameFileOtherFrame)).isEmpty();
        assertThat(KnownDifference.covering(sameFrameOtherField)).isEmpty();
    }

    @Test
    void shouldTruncateTsharkNanosecondsToMicroseconds() {
        assertThat(DecoderColumns.micros("1605787646.999999000")).isEqualTo("1605787646.999999");
        assertThat(DecoderColumns.timestamp(1_605_787_646_999_999L)).isEqualTo("1605787646.999999");
    }

    @Test
    void shouldDropOnlyNestedProposalAndTransformTypesForTheTopLevelChain() {
        assertThat(DecoderColumns.withoutNested("1,2,3,3,3,3,13,13")).isEqualTo("1,13,13");
        assertThat(DecoderColumns.withoutNested("33,2,3,34,40,41")).isEqualTo("33,34,40,41");
    }
}
