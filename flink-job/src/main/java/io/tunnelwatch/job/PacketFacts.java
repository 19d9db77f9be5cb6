package io.tunnelwatch.job;

import io.tunnelwatch.correlation.IpAddress;
import io.tunnelwatch.correlation.PacketFact;
import io.tunnelwatch.correlation.PacketKind;
import io.tunnelwatch.summary.v1.Ike;
import io.tunnelwatch.summary.v1.PacketSummary;
import io.tunnelwatch.summary.v1.TlsRecord;
import java.util.Optional;

/** The schema's {@link PacketSummary} as the correlation's {@link PacketFact}: a field-by-field copy. */
public final class PacketFacts {
    /** IKEv1 header flag: the payloads after the header are encrypted. */
    private static final int IKEV1_ENCRYPTION_FLAG = 0x01;
    /** IKEv2 Encrypted and Authenticated payload (SK), and its fragment (SKF, RFC 7383). */
    private static final int IKEV2_SK = 46;
    private static final int IKEV2_SKF = 53;

    private PacketFacts() {}

    /**
     * The fact of a summary captured by {@code agentId}; empty for a summary of a kind the correlation does
     * not know (a newer agent's).
     */
    public static Optional<PacketFact> from(PacketSummary summary, String agentId) {
        PacketKind kind = kind(summary);
        if (kind == null) {
            return Optional.empty();
        }
        PacketFact.Builder fact = PacketFact.builder()
                .tsMicros(summary.getTsMicros())
                .captureSeq(summary.getCaptureSeq())
                .agentId(agentId)
                .src(IpAddress.ofBytes(summary.getSrcIp().toByteArray()))
                .dst(IpAddress.ofBytes(summary.getDstIp().toByteArray()))
                .srcPort(summary.getSrcPort())
                .dstPort(summary.getDstPort())
                .kind(kind)
                .ipLen(summary.getIpLen())
                .natt(summary.getNatt());
        if (summary.hasTcp()) {
            fact.tcpFlags(summary.getTcp().getFlags())
                    .tcpSeq(Integer.toUnsignedLong(summary.getTcp().getSeq()))
                    .tcpAck(Integer.toUnsignedLong(summary.getTcp().getAck()))
                    .tcpPayloadLen(summary.getTcp().getPayloadLen());
        }
        if (summary.getTlsCount() > 0) {
            tls(summary, fact);
        }
        if (summary.hasIke()) {
            ike(summary.getIke(), fact);
        }
        if (summary.hasEsp()) {
            fact.espSpi(Integer.toUnsignedLong(summary.getEsp().getSpi()))
                    .espSeq(Integer.toUnsignedLong(summary.getEsp().getSeq()));
        }
        if (summary.hasAggregate()) {
            fact.aggregate(summary.getAggregate().getPackets(), summary.getAggregate().getBytes(),
                    summary.getAggregate().getLastTsMicros());
        }
        return Optional.of(fact.build());
    }

    private static PacketKind kind(PacketSummary summary) {
        return switch (summary.getKind()) {
            case TCP -> PacketKind.TCP;
            case IKE -> PacketKind.IKE;
            case ESP -> PacketKind.ESP;
            case NATT_KEEPALIVE -> PacketKind.NATT_KEEPALIVE;
            case PACKET_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    private static void tls(PacketSummary summary, PacketFact.Builder fact) {
        int records = summary.getTlsCount();
        int[] contentTypes = new int[records];
        int[] versions = new int[records];
        int handshakes = 0;
        for (TlsRecord record : summary.getTlsList()) {
            handshakes += record.getHandshakeTypesCount();
        }
        int[] handshakeTypes = new int[handshakes];
        int next = 0;
        boolean sslv2 = false;
        boolean alertSeen = false;
        int serverVersion = 0;
        for (int i = 0; i < records; i++) {
            TlsRecord record = summary.getTls(i);
            contentTypes[i] = record.getContentType();
            versions[i] = record.getVersion();
            for (int type : record.getHandshakeTypesList()) {
                handshakeTypes[next++] = type;
            }
            sslv2 |= record.getVersion() == 2;
            if (!alertSeen && record.getAlertLevel() > 0) {
                fact.tlsAlert(record.getAlertLevel(), record.getAlertDescription());
                alertSeen = true;
            }
            if (serverVersion == 0) {
                serverVersion = record.getServerVersion();
            }
        }
        fact.tlsContentTypes(contentTypes).tlsVersions(versions).tlsHandshakeTypes(handshakeTypes)
                .sslv2(sslv2).tlsServerVersion(serverVersion);
    }

    private static void ike(Ike ike, PacketFact.Builder fact) {
        int[] payloads = ike.getPayloadTypesList().stream().mapToInt(Integer::intValue).toArray();
        boolean encrypted = ike.getVersion() == 1
                ? (ike.getFlags() & IKEV1_ENCRYPTION_FLAG) != 0
                : ike.getNextPayload() == IKEV2_SK || ike.getNextPayload() == IKEV2_SKF
                        || contains(payloads, IKEV2_SK) || contains(payloads, IKEV2_SKF);
        fact.ikeVersion(ike.getVersion())
                .ikeExchangeType(ike.getExchangeType())
                .ikeInitiatorSpi(ike.getInitiatorSpi())
                .ikeResponderSpi(ike.getResponderSpi())
                .ikeFlags(ike.getFlags())
                .ikeMessageId(Integer.toUnsignedLong(ike.getMessageId()))
                .ikeLength(ike.getLength())
                .ikePayloadTypes(payloads)
                .ikeNotifyTypes(ike.getNotifyTypesList().stream().mapToInt(Integer::intValue).toArray())
                .ikeEncrypted(encrypted);
    }

    private static boolean contains(int[] values, int wanted) {
        for (int value : values) {
            if (value == wanted) {
                return true;
            }
        }
        return false;
    }
}
