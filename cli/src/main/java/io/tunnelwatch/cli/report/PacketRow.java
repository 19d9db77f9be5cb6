package io.tunnelwatch.cli.report;

import io.tunnelwatch.agent.decode.ike.IkeExchangeType;
import io.tunnelwatch.agent.decode.ike.IkeNotifyType;
import io.tunnelwatch.agent.decode.tls.TlsContentType;
import io.tunnelwatch.agent.decode.tls.TlsHandshakeType;
import io.tunnelwatch.summary.v1.PacketSummary;
import io.tunnelwatch.summary.v1.TlsRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of a tunnel's packet list: what the agent's summary says of a packet (or of an aggregate
 * run of data-plane packets), in the words an engineer reads in Wireshark.
 *
 * @param tsMicros     capture time of the (first) packet
 * @param lastTsMicros capture time of the last packet of an aggregate; equal to tsMicros otherwise
 * @param lane         the timeline row it belongs to
 * @param fromClient   sent by the client (else by the gateway)
 * @param kind         TCP, IKE, ESP, NAT-T keepalive
 * @param detail       flags, records, exchange and notifies, SPI
 * @param packets      packets this line stands for (more than 1 for an aggregate)
 */
public record PacketRow(long tsMicros, long lastTsMicros, Lane lane, boolean fromClient, String kind, String detail,
                        long packets) {

    private static final int ISAKMP_V1 = 1;

    /** The summary seen from the tunnel's client: which lane, which way, what it carried. */
    public static PacketRow of(PacketSummary summary, boolean fromClient) {
        long packets = summary.hasAggregate() ? Math.max(1, summary.getAggregate().getPackets()) : 1;
        long last = summary.hasAggregate() ? Math.max(summary.getTsMicros(), summary.getAggregate().getLastTsMicros())
                : summary.getTsMicros();
        List<String> detail = new ArrayList<>();
        Lane lane;
        String kind;
        switch (summary.getKind()) {
            case TCP -> {
                lane = Lane.TLS;
                kind = "TCP";
                detail.add(tcpFlags(summary.getTcp().getFlags()));
                for (TlsRecord record : summary.getTlsList()) {
                    detail.add(tlsRecord(record));
                }
            }
            case IKE -> {
                lane = phase(summary.getIke().getVersion(), summary.getIke().getExchangeType());
                kind = summary.getNatt() ? "IKE (NAT-T)" : "IKE";
                detail.add(ike(summary.getIke()));
            }
            case ESP -> {
                lane = fromClient ? Lane.ESP_TO_GATEWAY : Lane.ESP_TO_CLIENT;
                kind = summary.getNatt() ? "ESP (NAT-T)" : "ESP";
                detail.add(String.format(Locale.ROOT, "SPI 0x%08x seq %d", summary.getEsp().getSpi(),
                        Integer.toUnsignedLong(summary.getEsp().getSeq())));
            }
            case NATT_KEEPALIVE -> {
                lane = fromClient ? Lane.ESP_TO_GATEWAY : Lane.ESP_TO_CLIENT;
                kind = "NAT-T keepalive";
            }
            default -> {
                lane = Lane.TLS;
                kind = "kind " + summary.getKindValue();
            }
        }
        if (summary.hasAggregate()) {
            detail.add(String.format(Locale.ROOT, "\u00d7%d packets, %d bytes, over %.3f s", packets,
                    summary.getAggregate().getBytes(), (last - summary.getTsMicros()) / 1e6));
        }
        if (!summary.getMalformed().isEmpty()) {
            detail.add("malformed: " + summary.getMalformed());
        }
        return new PacketRow(summary.getTsMicros(), last, lane, fromClient, kind,
                String.join(" ", detail.stream().filter(text -> !text.isEmpty()).toList()), packets);
    }

    /** IKEv1 Quick Mode and IKEv2 CREATE_CHILD_SA negotiate the IPsec SAs; everything else is the IKE SA's. */
    static Lane phase(int version, int exchangeType) {
        boolean childSa = exchangeType == IkeExchangeType.QUICK_MODE.code()
                || (version != ISAKMP_V1 && exchangeType == IkeExchangeType.CREATE_CHILD_SA.code());
        return childSa ? Lane.IKE_PHASE_2 : Lane.IKE_PHASE_1;
    }

    private static String ike(io.tunnelwatch.summary.v1.Ike ike) {
        String exchange = IkeExchangeType.of(ike.getExchangeType()).knownName();
        StringBuilder text = new StringBuilder("v").append(ike.getVersion()).append(' ')
                .append(exchange != null ? exchange : "exchange " + ike.getExchangeType())
                .append(String.format(Locale.ROOT, " i=%016x r=%016x mid=%d", ike.getInitiatorSpi(), ike.getResponderSpi(),
                        Integer.toUnsignedLong(ike.getMessageId())));
        for (int notify : ike.getNotifyTypesList()) {
            text.append(" notify ").append(IkeNotifyType.of(notify).name(ike.getVersion()))
                    .append(IkeNotifyType.isError(notify) ? " (error " + notify + ")" : "");
        }
        return text.toString();
    }

    private static String tlsRecord(TlsRecord record) {
        String type = new TlsContentType(record.getContentType()).knownName();
        StringBuilder text = new StringBuilder(record.getContentType() == 0 ? "SSLv2" : type != null ? type : "record " + record.getContentType());
        if (record.getHandshakeTypesCount() > 0) {
            List<String> messages = new ArrayList<>();
            for (int handshake : record.getHandshakeTypesList()) {
                String name = record.getContentType() == 0 ? TlsHandshakeType.sslv2Name(handshake) : TlsHandshakeType.knownName(handshake);
                messages.add(name != null ? name : String.valueOf(handshake));
            }
            text.append('[').append(String.join(",", messages)).append(']');
        }
        if (record.getAlertLevel() != 0) {
            text.append('(').append(record.getAlertLevel() == 2 ? "fatal" : "level " + record.getAlertLevel())
                    .append(' ').append(record.getAlertDescription()).append(')');
        }
        return text.toString();
    }

    /** Flag names in Wireshark's order, from the wire bits (RFC 9293 section 3.1). */
    static String tcpFlags(int flags) {
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        List<String> set = new ArrayList<>();
        for (int bit = names.length - 1; bit >= 0; bit--) {
            if ((flags & (1 << bit)) != 0) {
                set.add(names[bit]);
            }
        }
        return set.isEmpty() ? "[none]" : "[" + String.join(",", set) + "]";
    }
}
