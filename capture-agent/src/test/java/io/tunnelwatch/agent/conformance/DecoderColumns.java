package io.tunnelwatch.agent.conformance;

import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.IpAddressText;
import io.tunnelwatch.agent.decode.PacketKind;
import io.tunnelwatch.agent.decode.ike.IkeMessage;
import io.tunnelwatch.agent.decode.tls.TlsRecords;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The comparable columns: for each, how to read Wireshark's value from a TSV row and how to render the
 * decoder's value in the same text form (SOURCES.md "How to read the TSVs": hex with 0x for flags and SPIs,
 * decimal for sequence numbers, comma-separated lists in tree order). "" means absent on both sides.
 */
final class DecoderColumns {

    /** A column compared on every frame (name as in the TSV, or a derived name in brackets). */
    record Column(String name, Function<Map<String, String>, String> wireshark, Function<DecodedPacket, String> decoder,
                  boolean transportLayer, Predicate<Map<String, String>> appliesTo) {
        Column(String name, Function<Map<String, String>, String> wireshark, Function<DecodedPacket, String> decoder,
               boolean transportLayer) {
            this(name, wireshark, decoder, transportLayer, row -> true);
        }
    }

    static final List<Column> COLUMNS = List.of(
            frame("frame.time_epoch", row -> micros(row.get("frame.time_epoch")), p -> timestamp(p.tsMicros())),
            frame("frame.len", row -> row.get("frame.len"), p -> Integer.toString(p.originalLength())),
            frame("frame.cap_len", row -> row.get("frame.cap_len"), p -> Integer.toString(p.capturedLength())),
            frame("vlan.id", row -> row.get("vlan.id"), DecoderColumns::vlans),
            frame("ip.src|ipv6.src", row -> either(row, "ip.src", "ipv6.src"), p -> address(p, true)),
            frame("ip.dst|ipv6.dst", row -> either(row, "ip.dst", "ipv6.dst"), p -> address(p, false)),
            frame("ip.proto|ipv6.nxt", row -> either(row, "ip.proto", "ipv6.nxt"),
                    p -> p.ipVersion() == 0 ? "" : Integer.toString(p.ipNextHeader())),
            frame("ip.id", row -> WiresharkTruth.first(row, "ip.id"),
                    p -> p.ipVersion() == 4 ? String.format("0x%04x", p.ipId()) : ""),
            frame("ip.flags.mf", row -> WiresharkTruth.first(row, "ip.flags.mf"),
                    p -> p.ipVersion() == 4 ? (p.moreFragments() ? "1" : "0") : ""),
            frame("ip.frag_offset", row -> WiresharkTruth.first(row, "ip.frag_offset"),
                    p -> p.ipVersion() == 4 ? Integer.toString(p.fragmentOffset()) : ""),

            transport("tcp.srcport", p -> p.isTcp() ? Integer.toString(p.srcPort()) : ""),
            transport("tcp.dstport", p -> p.isTcp() ? Integer.toString(p.dstPort()) : ""),
            transport("tcp.flags", p -> p.isTcp() ? String.format("0x%04x", p.tcpFlags()) : ""),
            transport("tcp.seq_raw", p -> p.isTcp() ? Long.toString(p.tcpSeq()) : ""),
            transport("tcp.ack_raw", p -> p.isTcp() ? Long.toString(p.tcpAck()) : ""),
            transport("tcp.len", p -> p.isTcp() ? Integer.toString(p.tcpPayloadLength()) : ""),
            transport("udp.srcport", p -> p.isUdp() ? Integer.toString(p.srcPort()) : ""),
            transport("udp.dstport", p -> p.isUdp() ? Integer.toString(p.dstPort()) : ""),
            transport("udp.length", p -> p.isUdp() ? Integer.toString(p.udpLength()) : ""),

            transport("tls.record.content_type", p -> tlsList(p.tls(),
                    (t, i) -> t.sslv2(i) || isTls13OpaqueType(t, i) ? null : t.contentType(i))),
            transport("tls.record.version", p -> tlsList(p.tls(), (t, i) -> String.format("0x%04x", t.version(i)))),
            transport("tls.record.length", p -> tlsList(p.tls(),
                    (t, i) -> isEncryptedSslv2(t, i) ? null : t.length(i))),
            transport("tls.handshake.type", p -> handshakeTypes(p.tls())),
            transport("tls.alert_message.level", p -> tlsList(p.tls(), (t, i) -> t.alertLevel(i) < 0 ? null : t.alertLevel(i))),
            transport("tls.alert_message.desc",
                    p -> tlsList(p.tls(), (t, i) -> t.alertLevel(i) < 0 ? null : t.alertDescription(i))),

            transport("isakmp.ispi", p -> p.hasIke() ? String.format("%016x", p.ike().initiatorSpi()) : ""),
            transport("isakmp.rspi", p -> p.hasIke() ? String.format("%016x", p.ike().responderSpi()) : ""),
            // TShark lists the header's next payload first, then every (nested) payload's; we compare the header's.
            new Column("isakmp.nextpayload[header]", row -> WiresharkTruth.first(row, "isakmp.nextpayload"),
                    p -> p.hasIke() ? Integer.toString(p.ike().nextPayload()) : "", true),
            transport("isakmp.version", p -> p.hasIke() ? String.format("0x%02x", p.ike().version()) : ""),
            transport("isakmp.exchangetype", p -> p.hasIke() ? Integer.toString(p.ike().exchangeType()) : ""),
            transport("isakmp.flags", p -> p.hasIke() ? String.format("0x%02x", p.ike().flags()) : ""),
            transport("isakmp.messageid", p -> p.hasIke() ? String.format("0x%08x", p.ike().messageId()) : ""),
            transport("isakmp.length", p -> p.hasIke() ? Long.toString(p.ike().length()) : ""),
            // Tree order, nested Proposal (2) and Transform (3) payloads included, exactly as TShark lists them.
            transport("isakmp.typepayload", p -> p.hasIke() ? treePayloads(p.ike()) : ""),
            // The jsonl "payloads" chain is the top level: TShark's list without the nested 2 and 3, which
            // occur nowhere else (RFC 2408 section 3.4, RFC 7296 section 3.3). TShark's list stops where a
            // frame turns malformed (even inside an SA payload, losing the top-level payloads after it), so
            // this derived column is compared on frames TShark read to the end.
            new Column("isakmp.typepayload[top-level]", row -> withoutNested(row.get("isakmp.typepayload")),
                    p -> p.hasIke() ? chain(p.ike()) : "", true, row -> row.get("_ws.malformed").isEmpty()),
            transport("isakmp.notify.msgtype", p -> p.hasIke() ? notifies(p.ike()) : ""),
            transport("isakmp.frag.number",
                    p -> p.hasIke() && p.ike().fragmentTotal() > 0 ? Integer.toString(p.ike().fragmentNumber()) : ""),
            transport("isakmp.frag.total",
                    p -> p.hasIke() && p.ike().fragmentTotal() > 0 ? Integer.toString(p.ike().fragmentTotal()) : ""),

            new Column("udpencap[layer]", row -> row.get("frame.protocols").contains(":udpencap") ? "udpencap" : "",
                    p -> p.natt() ? "udpencap" : "", true),
            transport("udpencap.non_esp_marker", p -> p.natt() && p.hasIke() ? "1" : ""),
            transport("udpencap.nat_keepalive", p -> p.kind() == PacketKind.NATT_KEEPALIVE ? "1" : ""),
            transport("esp.spi", p -> p.hasEsp() ? String.format("0x%08x", p.espSpi()) : ""),
            transport("esp.sequence", p -> p.hasEspSequence() ? Long.toString(p.espSequence()) : ""),

            new Column("_ws.malformed", row -> row.get("_ws.malformed").isEmpty() ? "" : "malformed",
                    p -> p.malformed() == null ? "" : "malformed", false));

    private DecoderColumns() {
    }

    private static Column frame(String name, Function<Map<String, String>, String> wireshark,
                                Function<DecodedPacket, String> decoder) {
        return new Column(name, wireshark, decoder, false);
    }

    private static Column transport(String name, Function<DecodedPacket, String> decoder) {
        return new Column(name, row -> row.getOrDefault(name, ""), decoder, true);
    }

    /** TShark prints 9 decimals; the decoder keeps microseconds, truncated. */
    static String micros(String epoch) {
        int dot = epoch.indexOf('.');
        return dot < 0 ? epoch + ".000000" : epoch.substring(0, Math.min(epoch.length(), dot + 7));
    }

    static String timestamp(long micros) {
        return String.format("%d.%06d", Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L));
    }

    private static String either(Map<String, String> row, String v4, String v6) {
        String value = WiresharkTruth.first(row, v4);
        return value.isEmpty() ? WiresharkTruth.first(row, v6) : value;
    }

    private static String address(DecodedPacket p, boolean source) {
        if (p.ipVersion() == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        IpAddressText.appendAddress(text, p, source);
        return text.toString();
    }

    private static String vlans(DecodedPacket p) {
        if (p.vlanCount() == 0) {
            return "";
        }
        return p.vlanCount() == 1 ? Integer.toString(p.outerVlanId()) : p.outerVlanId() + "," + p.innerVlanId();
    }

    /**
     * Column mapping (docs/decoder-conformance.md): a TLS 1.3 ciphertext record's type 23 is TShark's
     * {@code tls.record.opaque_type}, a column the truth script does not export; its content_type is empty.
     */
    static boolean isTls13OpaqueType(TlsRecords tls, int i) {
        return tls.tls13Ciphertext(i);
    }

    /**
     * Column mapping (docs/decoder-conformance.md): TShark 4.0 shows no {@code tls.record.length} for an
     * encrypted SSLv2 record ("Encrypted Data"); SSLv2 handshake records do have one. We report the length.
     */
    static boolean isEncryptedSslv2(TlsRecords tls, int i) {
        return tls.sslv2(i) && tls.encrypted(i);
    }

    private interface TlsField {
        Object value(TlsRecords tls, int i);
    }

    private static String tlsList(TlsRecords tls, TlsField field) {
        StringJoiner joined = new StringJoiner(",");
        for (int i = 0; i < tls.count(); i++) {
            Object value = field.value(tls, i);
            if (value != null) {
                joined.add(value.toString());
            }
        }
        return joined.toString();
    }

    private static String handshakeTypes(TlsRecords tls) {
        StringJoiner joined = new StringJoiner(",");
        for (int i = 0; i < tls.count(); i++) {
            for (int j = 0; j < tls.handshakeCount(i); j++) {
                joined.add(Integer.toString(tls.handshakeType(i, j)));
            }
        }
        return joined.toString();
    }

    private static String treePayloads(IkeMessage ike) {
        StringJoiner joined = new StringJoiner(",");
        for (int i = 0; i < ike.treePayloadCount(); i++) {
            joined.add(Integer.toString(ike.treePayloadType(i)));
        }
        return joined.toString();
    }

    private static String chain(IkeMessage ike) {
        StringJoiner joined = new StringJoiner(",");
        for (int i = 0; i < ike.payloadCount(); i++) {
            joined.add(Integer.toString(ike.payloadType(i)));
        }
        return joined.toString();
    }

    private static String notifies(IkeMessage ike) {
        StringJoiner joined = new StringJoiner(",");
        for (int i = 0; i < ike.notifyCount(); i++) {
            joined.add(Integer.toString(ike.notifyType(i)));
        }
        return joined.toString();
    }

    static String withoutNested(String typePayloads) {
        if (typePayloads == null || typePayloads.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner(",");
        for (String type : typePayloads.split(",")) {
            if (!type.equals("2") && !type.equals("3")) {
                joined.add(type);
            }
        }
        return joined.toString();
    }
}
