package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tunnelwatch.cli.report.ForensicReport;
import io.tunnelwatch.cli.report.PacketEvidence;
import io.tunnelwatch.cli.report.ReportInput;
import io.tunnelwatch.cli.report.TunnelId;
import io.tunnelwatch.summary.v1.Aggregate;
import io.tunnelwatch.summary.v1.Esp;
import io.tunnelwatch.summary.v1.Ike;
import io.tunnelwatch.summary.v1.PacketKind;
import io.tunnelwatch.summary.v1.PacketSummary;
import io.tunnelwatch.summary.v1.Tcp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The report from documents and summaries built here: structure, caps and escaping, no broker needed. */
class ForensicReportTest {
    private static final long T0 = 1_275_390_000_000_000L; // 2010-06-01T11:00:00Z
    private static final String HOSTILE = "<script>alert('x')</script>&\"</svg>";
    private static final byte[] CLIENT = {100, 64, 0, 8};
    private static final byte[] GATEWAY = {(byte) 198, 18, 0, 1};

    @Test
    void shouldEscapeEveryTextFromTheCaptureAndTheJob() throws Exception {
        String alert = """
                {"@timestamp":"2010-06-01T11:00:13Z","source":{"ip":"100.64.0.8"},"destination":{"ip":"198.18.0.1"},
                 "event":{"action":"vpn-handshake-failed","reason":%s,"start":"2010-06-01T11:00:00Z"},
                 "vpn":{"tunnel_id":"100.64.0.8->198.18.0.1","stage":%s,"reason":%s,"attempt":1,
                        "evidence":{"policy_activation":{"first_packet":"2010-06-01T11:00:00Z","last_packet":"2010-06-01T11:00:13Z"}}}}
                """.formatted(quoted(HOSTILE), quoted(HOSTILE), quoted(HOSTILE)).replace("\n", "");
        PacketEvidence packets = new PacketEvidence(List.of(new TunnelId("100.64.0.8", "198.18.0.1")));
        packets.add(packet(T0, CLIENT, GATEWAY, PacketKind.IKE).setMalformed(HOSTILE).build());

        String html = ForensicReport.render(new ReportInput(List.of(HOSTILE + ".pcap"), HOSTILE, List.of(alert), List.of(), 0, 1, 1, packets));

        assertThat(html).doesNotContain("<script").doesNotContain("alert('x')").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;&lt;/svg&gt;");
        Document document = ReportDocuments.parse(html);
        assertThat(document.getDocumentElement().getTextContent()).contains(HOSTILE);
        ReportDocuments.assertNoExternalReference(html);
    }

    @Test
    void shouldListTheFirstAndLastPacketsOfAHugeTunnelAndCountTheRest() throws Exception {
        TunnelId tunnel = new TunnelId("100.64.0.8", "198.18.0.1");
        PacketEvidence packets = new PacketEvidence(List.of(tunnel));
        packets.add(packet(T0, CLIENT, GATEWAY, PacketKind.TCP).setTcp(Tcp.newBuilder().setFlags(0x02)).build());
        packets.add(packet(T0 + 1_000, GATEWAY, CLIENT, PacketKind.TCP).setTcp(Tcp.newBuilder().setFlags(0x12)).build());
        packets.add(packet(T0 + 2_000_000, CLIENT, GATEWAY, PacketKind.IKE).setIke(Ike.newBuilder().setVersion(1).setExchangeType(5)
                .addNotifyTypes(14)).build());
        int esp = 10_000;
        for (int i = 0; i < esp; i++) {
            packets.add(packet(T0 + 3_000_000 + i * 1_000L, i % 2 == 0 ? CLIENT : GATEWAY, i % 2 == 0 ? GATEWAY : CLIENT, PacketKind.ESP)
                    .setEsp(Esp.newBuilder().setSpi(0xdeadbeef).setSeq(i))
                    .setAggregate(Aggregate.newBuilder().setPackets(3).setBytes(300).setLastTsMicros(T0 + 3_000_000 + i * 1_000L + 500))
                    .build());
        }
        packets.add(packet(T0, new byte[] {10, 0, 0, 1}, GATEWAY, PacketKind.TCP).build());
        String alert = """
                {"@timestamp":"2010-06-01T11:00:13Z","source":{"ip":"100.64.0.8"},"destination":{"ip":"198.18.0.1"},
                 "event":{"action":"vpn-handshake-failed","reason":"rejected","start":"2010-06-01T11:00:00Z"},
                 "vpn":{"tunnel_id":"100.64.0.8->198.18.0.1","stage":"POLICY_ACTIVATION","reason":"IKE_NOTIFY_ERROR","attempt":1}}
                """.replace("\n", "");

        String html = ForensicReport.render(new ReportInput(List.of("a.pcap"), "", List.of(alert), List.of(), 0, 3 + 3 * esp, 3 + esp, packets));

        Document document = ReportDocuments.parse(html);
        int rows = ReportDocuments.nodes(document, "//*[local-name()='table' and contains(@class,'packets')]/*[local-name()='tbody']/*[local-name()='tr']").getLength();
        assertThat(rows).as("capped list plus the 'more' line").isLessThanOrEqualTo(61).isGreaterThan(20);
        String text = document.getDocumentElement().getTextContent();
        assertThat(text).contains(String.format("%,d more", 3 + esp - 60))
                .contains("[SYN]").contains("[ACK,SYN]")
                .contains("INFORMATIONAL_V1").contains("NO-PROPOSAL-CHOSEN (error 14)")
                .contains("SPI 0xdeadbeef").contains("\u00d73 packets")
                .contains(String.format("%,d summaries for %,d packets", 3 + esp, 3 + 3 * esp))
                .contains("1 summaries belong to no tunnel");
        assertThat(html.length()).as("a huge tunnel still gives a small report").isLessThan(200_000);
    }

    private static PacketSummary.Builder packet(long ts, byte[] source, byte[] destination, PacketKind kind) {
        return PacketSummary.newBuilder().setTsMicros(ts).setSrcIp(ByteString.copyFrom(source)).setDstIp(ByteString.copyFrom(destination))
                .setKind(kind);
    }

    private static String quoted(String text) {
        return new com.fasterxml.jackson.databind.node.TextNode(text).toString();
    }
}
