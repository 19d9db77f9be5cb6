package io.tunnelwatch.agent.decode.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the tracker over every TCP segment of the public captures and compares, frame by frame, the TLS record
 * columns with TShark 4.0's (expected/*.tsv). Wireshark's display rules are applied to our result in
 * {@link #wiresharkView}: each rule there is a deliberate, documented difference of presentation, not of
 * what is found.
 */
class TlsCorpusConformanceTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "zeek/ssl-v2.pcap",
        "zeek/tls1_1.pcap",
        "zeek/tls1.2.pcap",
        "zeek/tls-1.2-handshake-failure.pcap",
        "zeek/tls13_wolfssl.pcap",
        "zeek/hrr.pcap",
        "zeek/openjdk-25.0.2-zeek.org.pcap",
        "zeek/certificate-request-failed.pcap",
        "zeek/vlan-pcp-dei.pcapng",
        "suricata-verify/ssl-v2-s1.pcap",
        "suricata-verify/tls-pre-1970/input.pcap",
        "suricata-verify/community-id-ipv6/input.pcap",
        "suricata-verify/tls_DER-incomplete-header.pcap",
        "ndpi/ja3_lots_of_cipher_suites.pcap",
        "tcpdump/tcp_rst_data.pcap",
        "tcpdump/tcp-handshake-nano.pcap",
    })
    void recordColumnsAgreeWithWireshark(String capture) throws IOException {
        Path root = CorpusFrames.corpusRoot();
        assumeTrue(root != null, "public corpus not found");
        Map<Integer, Map<String, String>> expected = CorpusFrames.expected(root, capture);
        TlsStreamTracker tracker = new TlsStreamTracker(1024, 600_000_000L);
        TlsRecords records = new TlsRecords();
        List<String> mismatches = new ArrayList<>();
        int framesWithTls = 0;
        int serverHellos = 0;
        for (CorpusFrames.Frame frame : CorpusFrames.read(root.resolve(capture))) {
            if (frame.protocol() != 6) {
                continue;
            }
            tracker.onSegment(frame.buf(), frame.srcIpOffset(), frame.dstIpOffset(), frame.ipLength(),
                    frame.srcPort(), frame.dstPort(), frame.seq(), frame.tcpFlags(), frame.payloadOffset(),
                    frame.capturedPayloadLength(), frame.payloadLength(), frame.tsMicros(), records);
            Map<String, String> row = expected.get(frame.number());
            if (row == null) {
                continue;                    // beyond where TShark stopped (damaged file)
            }
            Map<String, String> ours = wiresharkView(records);
            framesWithTls += records.count() > 0 ? 1 : 0;
            if (records.serverVersion() != 0) {
                serverHellos++;
                checkServerVersion(frame.number(), records, row, mismatches);
            }
            for (Map.Entry<String, String> column : ours.entrySet()) {
                String theirs = row.getOrDefault(column.getKey(), "");
                if (!theirs.equals(column.getValue())) {
                    mismatches.add("frame " + frame.number() + " " + column.getKey() + ": ours '"
                            + column.getValue() + "' wireshark '" + theirs + "'  " + records);
                }
            }
        }
        assertThat(mismatches).as(capture).isEmpty();
        long expectedFramesWithTls = expected.values().stream()
                .filter(r -> !r.getOrDefault("tls.record.version", "").isEmpty()).count();
        assertThat(framesWithTls).as("frames with TLS records in " + capture).isEqualTo(expectedFramesWithTls);
        long expectedServerHellos = expected.values().stream()
                .filter(r -> ("," + r.getOrDefault("tls.handshake.type", "") + ",").contains(",2,")
                        && !r.getOrDefault("_ws.col.Protocol", "").equals("SSLv2")).count();
        assertThat(serverHellos).as("frames with a ServerHello in " + capture).isEqualTo(expectedServerHellos);
    }

    /**
     * The selected version is the ServerHello's supported_versions value when TShark shows one (a ServerHello
     * carries at most one), else its legacy version ({@code tls.handshake.version}).
     */
    private static void checkServerVersion(int frame, TlsRecords records, Map<String, String> row,
                                           List<String> mismatches) {
        String selected = String.format("0x%04x", records.serverVersion());
        String supported = row.getOrDefault("tls.handshake.extensions.supported_version", "");
        String theirs = supported.isEmpty() ? row.getOrDefault("tls.handshake.version", "") : supported;
        if (!theirs.equals(selected)) {
            mismatches.add("frame " + frame + " server version: ours " + selected + " wireshark '" + theirs + "'");
        }
    }

    /**
     * Our result shown the way TShark 4.0 prints it:
     * <ul>
     *   <li>a TLS 1.3 protected record's type is {@code tls.record.opaque_type}, not {@code content_type};</li>
     *   <li>an SSLv2-format record has no content type; an encrypted SSLv2 record shows no length;</li>
     *   <li>alert level/description only for a cleartext alert.</li>
     * </ul>
     */
    static Map<String, String> wiresharkView(TlsRecords records) {
        StringJoiner types = new StringJoiner(",");
        StringJoiner versions = new StringJoiner(",");
        StringJoiner lengths = new StringJoiner(",");
        StringJoiner handshakes = new StringJoiner(",");
        StringJoiner levels = new StringJoiner(",");
        StringJoiner descriptions = new StringJoiner(",");
        for (int i = 0; i < records.count(); i++) {
            if (!records.sslv2(i) && !records.tls13Ciphertext(i)) {
                types.add(Integer.toString(records.contentType(i)));
            }
            versions.add(String.format("0x%04x", records.version(i)));
            if (!(records.sslv2(i) && records.encrypted(i))) {
                lengths.add(Integer.toString(records.length(i)));
            }
            for (int j = 0; j < records.handshakeCount(i); j++) {
                handshakes.add(Integer.toString(records.handshakeType(i, j)));
            }
            if (records.alertLevel(i) >= 0) {
                levels.add(Integer.toString(records.alertLevel(i)));
                descriptions.add(Integer.toString(records.alertDescription(i)));
            }
        }
        Map<String, String> view = new LinkedHashMap<>();
        view.put("tls.record.content_type", types.toString());
        view.put("tls.record.version", versions.toString());
        view.put("tls.record.length", lengths.toString());
        view.put("tls.handshake.type", handshakes.toString());
        view.put("tls.alert_message.level", levels.toString());
        view.put("tls.alert_message.desc", descriptions.toString());
        return view;
    }
}
