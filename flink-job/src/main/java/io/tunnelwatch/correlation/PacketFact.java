package io.tunnelwatch.correlation;

import java.util.Objects;

/**
 * What the correlation needs of one captured packet (or of an aggregate of data-plane packets), flat
 * and primitive so that Flink serializes it cheaply. It maps one-to-one from the schema's
 * {@code PacketSummary}; absent sub-messages leave their fields at zero / empty.
 *
 * <p>Addresses are four longs: {@link IpAddress#high()}/{@link IpAddress#low()} of
 * {@code IpAddress.ofBytes(summary.getSrcIp().toByteArray())}; IPv4 is IPv4-mapped.
 *
 * <p>TLS records are flattened: {@code tlsContentTypes[i]} and {@code tlsVersions[i]} describe the i-th
 * record of the segment; {@code tlsHandshakeTypes} concatenates the cleartext handshake types of all
 * records (SSLv2 message codes for an SSLv2-format record, where CLIENT-HELLO is also 1);
 * {@code tlsAlertLevel}/{@code tlsAlertDescription} are those of the first cleartext alert (level 0
 * when none); {@code tlsServerVersion} is the version a ServerHello selected (supported_versions
 * included), else 0; {@code sslv2} is set when any record is in SSLv2 format.
 *
 * <p>{@code ikeEncrypted}: IKEv1 E flag (0x01) set, or an IKEv2 Encrypted (SK, 46) payload in the chain.
 *
 * <p>Aggregates: {@code aggregatePackets} is 0 for a single packet; otherwise the fact stands for
 * that many packets of one flow and direction from {@code tsMicros} to {@code aggregateLastTsMicros},
 * {@code aggregateBytes} bytes on the wire in all.
 */
public record PacketFact(
        long tsMicros,
        long captureSeq,
        String agentId,
        long srcIpHigh, long srcIpLow,
        long dstIpHigh, long dstIpLow,
        int srcPort, int dstPort,
        PacketKind kind,
        int ipLen,
        boolean natt,
        int tcpFlags, long tcpSeq, long tcpAck, int tcpPayloadLen,
        int[] tlsContentTypes, int[] tlsVersions, int[] tlsHandshakeTypes,
        int tlsAlertLevel, int tlsAlertDescription, boolean sslv2, int tlsServerVersion,
        int ikeVersion, int ikeExchangeType, long ikeInitiatorSpi, long ikeResponderSpi, int ikeFlags,
        long ikeMessageId, int ikeLength, int[] ikePayloadTypes, int[] ikeNotifyTypes, boolean ikeEncrypted,
        long espSpi, long espSeq,
        int aggregatePackets, long aggregateBytes, long aggregateLastTsMicros) {

    private static final int[] NONE = new int[0];

    public PacketFact {
        Objects.requireNonNull(kind, "kind");
        agentId = agentId == null ? "" : agentId;
        tlsContentTypes = orEmpty(tlsContentTypes);
        tlsVersions = orEmpty(tlsVersions);
        tlsHandshakeTypes = orEmpty(tlsHandshakeTypes);
        ikePayloadTypes = orEmpty(ikePayloadTypes);
        ikeNotifyTypes = orEmpty(ikeNotifyTypes);
    }

    private static int[] orEmpty(int[] values) {
        return values == null ? NONE : values;
    }

    public static Builder builder() {
        return new Builder();
    }

    public IpAddress src() {
        return new IpAddress(srcIpHigh, srcIpLow);
    }

    public IpAddress dst() {
        return new IpAddress(dstIpHigh, dstIpLow);
    }

    public boolean hasTcpFlag(int flag) {
        return (tcpFlags & flag) != 0;
    }

    public boolean hasTlsRecords() {
        return tlsContentTypes.length > 0;
    }

    public boolean hasTlsRecord(int contentType) {
        return contains(tlsContentTypes, contentType);
    }

    public boolean carriesClientHello() {
        return contains(tlsHandshakeTypes, Tls.CLIENT_HELLO);
    }

    public boolean hasIkePayload(int payloadType) {
        return contains(ikePayloadTypes, payloadType);
    }

    public boolean hasIkeNotify(int notifyType) {
        return contains(ikeNotifyTypes, notifyType);
    }

    /** Packets this fact stands for: 1, or the aggregate's count. */
    public long packets() {
        return aggregatePackets > 0 ? aggregatePackets : 1;
    }

    public long bytes() {
        return aggregatePackets > 0 ? aggregateBytes : ipLen;
    }

    /** Time of the last packet this fact stands for. */
    public long lastTsMicros() {
        return aggregatePackets > 0 ? Math.max(tsMicros, aggregateLastTsMicros) : tsMicros;
    }

    private static boolean contains(int[] values, int wanted) {
        for (int value : values) {
            if (value == wanted) {
                return true;
            }
        }
        return false;
    }

    /** Fills a fact field by field; for the summary adapter and for tests. */
    public static final class Builder {
        private long tsMicros;
        private long captureSeq;
        private String agentId = "";
        private IpAddress src = IpAddress.ofIpv4(0);
        private IpAddress dst = IpAddress.ofIpv4(0);
        private int srcPort;
        private int dstPort;
        private PacketKind kind;
        private int ipLen;
        private boolean natt;
        private int tcpFlags;
        private long tcpSeq;
        private long tcpAck;
        private int tcpPayloadLen;
        private int[] tlsContentTypes;
        private int[] tlsVersions;
        private int[] tlsHandshakeTypes;
        private int tlsAlertLevel;
        private int tlsAlertDescription;
        private boolean sslv2;
        private int tlsServerVersion;
        private int ikeVersion;
        private int ikeExchangeType;
        private long ikeInitiatorSpi;
        private long ikeResponderSpi;
        private int ikeFlags;
        private long ikeMessageId;
        private int ikeLength;
        private int[] ikePayloadTypes;
        private int[] ikeNotifyTypes;
        private boolean ikeEncrypted;
        private long espSpi;
        private long espSeq;
        private int aggregatePackets;
        private long aggregateBytes;
        private long aggregateLastTsMicros;

        private Builder() {
        }

        public Builder tsMicros(long value) { tsMicros = value; return this; }
        public Builder captureSeq(long value) { captureSeq = value; return this; }
        public Builder agentId(String value) { agentId = value; return this; }
        public Builder src(IpAddress value) { src = value; return this; }
        public Builder dst(IpAddress value) { dst = value; return this; }
        public Builder srcPort(int value) { srcPort = value; return this; }
        public Builder dstPort(int value) { dstPort = value; return this; }
        public Builder kind(PacketKind value) { kind = value; return this; }
        public Builder ipLen(int value) { ipLen = value; return this; }
        public Builder natt(boolean value) { natt = value; return this; }
        public Builder tcpFlags(int value) { tcpFlags = value; return this; }
        public Builder tcpSeq(long value) { tcpSeq = value; return this; }
        public Builder tcpAck(long value) { tcpAck = value; return this; }
        public Builder tcpPayloadLen(int value) { tcpPayloadLen = value; return this; }
        public Builder tlsContentTypes(int... value) { tlsContentTypes = value; return this; }
        public Builder tlsVersions(int... value) { tlsVersions = value; return this; }
        public Builder tlsHandshakeTypes(int... value) { tlsHandshakeTypes = value; return this; }
        public Builder tlsAlert(int level, int description) {
            tlsAlertLevel = level;
            tlsAlertDescription = description;
            return this;
        }
        public Builder sslv2(boolean value) { sslv2 = value; return this; }
        public Builder tlsServerVersion(int value) { tlsServerVersion = value; return this; }
        public Builder ikeVersion(int value) { ikeVersion = value; return this; }
        public Builder ikeExchangeType(int value) { ikeExchangeType = value; return this; }
        public Builder ikeInitiatorSpi(long value) { ikeInitiatorSpi = value; return this; }
        public Builder ikeResponderSpi(long value) { ikeResponderSpi = value; return this; }
        public Builder ikeFlags(int value) { ikeFlags = value; return this; }
        public Builder ikeMessageId(long value) { ikeMessageId = value; return this; }
        public Builder ikeLength(int value) { ikeLength = value; return this; }
        public Builder ikePayloadTypes(int... value) { ikePayloadTypes = value; return this; }
        public Builder ikeNotifyTypes(int... value) { ikeNotifyTypes = value; return this; }
        public Builder ikeEncrypted(boolean value) { ikeEncrypted = value; return this; }
        public Builder espSpi(long value) { espSpi = value; return this; }
        public Builder espSeq(long value) { espSeq = value; return this; }
        public Builder aggregate(int packets, long bytes, long lastTsMicros) {
            aggregatePackets = packets;
            aggregateBytes = bytes;
            aggregateLastTsMicros = lastTsMicros;
            return this;
        }

        public PacketFact build() {
            return new PacketFact(tsMicros, captureSeq, agentId, src.high(), src.low(), dst.high(), dst.low(),
                    srcPort, dstPort, kind, ipLen, natt, tcpFlags, tcpSeq, tcpAck, tcpPayloadLen,
                    tlsContentTypes, tlsVersions, tlsHandshakeTypes, tlsAlertLevel, tlsAlertDescription, sslv2,
                    tlsServerVersion, ikeVersion, ikeExchangeType, ikeInitiatorSpi, ikeResponderSpi, ikeFlags,
                    ikeMessageId, ikeLength, ikePayloadTypes, ikeNotifyTypes, ikeEncrypted, espSpi, espSeq,
                    aggregatePackets, aggregateBytes, aggregateLastTsMicros);
        }
    }
}
