package io.tunnelwatch.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.tunnelwatch.correlation.PacketFact;
import io.tunnelwatch.correlation.PacketKind;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link TunnelPacket}, on the exchange to the keyed correlation and in the keyed
 * list of waiting packets: the fact field by field, written explicitly so that neither Kryo nor reflection
 * runs per packet.
 *
 * <p>The fact's sections (TCP, TLS, IKE, ESP, aggregate) are written only when one of their fields is set,
 * and an IPv4 address as its four bytes; an absent section reads back as zeros and empty arrays, exactly
 * what it held. The agent, site and replay-file labels repeat from packet to packet, so each instance
 * remembers the last one written and read per label, encodes it once and reads it back as the same string
 * while its bytes do not change: that state is why {@link #duplicate()} makes a new instance.
 */
public final class TunnelPacketSerializer extends TypeSerializer<TunnelPacket> {

    private static final long serialVersionUID = 1L;

    /** The first byte: no fact (a summary kind this build does not know), else the kind's number. */
    private static final int NO_FACT = 0;
    private static final PacketKind[] KINDS = PacketKind.values();

    private static final int SRC_IPV4 = 1;
    private static final int DST_IPV4 = 1 << 1;
    private static final int NATT = 1 << 2;
    private static final int TCP = 1 << 3;
    private static final int TLS = 1 << 4;
    private static final int IKE = 1 << 5;
    private static final int ESP = 1 << 6;
    private static final int AGGREGATE = 1 << 7;

    private static final long V4_MAPPED_HIGH = 0L;
    private static final long V4_MAPPED_MARK = 0x0000_ffff_0000_0000L;
    private static final long V4_MASK = 0xffff_ffffL;

    private transient Label agentIds;
    private transient Label sites;
    private transient Label replayFiles;
    private transient byte[] scratch;

    @Override
    public boolean isImmutableType() {
        // Records all the way down; the fact's arrays are never written after decoding.
        return true;
    }

    @Override
    public TypeSerializer<TunnelPacket> duplicate() {
        return new TunnelPacketSerializer();
    }

    @Override
    public TunnelPacket createInstance() {
        return new TunnelPacket("", 0, 0, "", "", "", null);
    }

    @Override
    public TunnelPacket copy(TunnelPacket from) {
        return from;
    }

    @Override
    public TunnelPacket copy(TunnelPacket from, TunnelPacket reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(TunnelPacket packet, DataOutputView target) throws IOException {
        writeString(packet.tunnelKey(), target);
        target.writeLong(packet.tsMicros());
        target.writeLong(packet.captureSeq());
        labels().agentIds.write(packet.agentId(), target);
        sites.write(packet.site(), target);
        replayFiles.write(packet.replayFile(), target);
        PacketFact fact = packet.fact();
        if (fact == null) {
            target.writeByte(NO_FACT);
            return;
        }
        target.writeByte(fact.kind().ordinal() + 1);
        int sections = sections(fact);
        target.writeByte(sections);
        writeAddress(fact.srcIpHigh(), fact.srcIpLow(), (sections & SRC_IPV4) != 0, target);
        writeAddress(fact.dstIpHigh(), fact.dstIpLow(), (sections & DST_IPV4) != 0, target);
        target.writeInt(fact.srcPort());
        target.writeInt(fact.dstPort());
        target.writeInt(fact.ipLen());
        if ((sections & TCP) != 0) {
            target.writeInt(fact.tcpFlags());
            target.writeLong(fact.tcpSeq());
            target.writeLong(fact.tcpAck());
            target.writeInt(fact.tcpPayloadLen());
        }
        if ((sections & TLS) != 0) {
            writeInts(fact.tlsContentTypes(), target);
            writeInts(fact.tlsVersions(), target);
            writeInts(fact.tlsHandshakeTypes(), target);
            target.writeInt(fact.tlsAlertLevel());
            target.writeInt(fact.tlsAlertDescription());
            target.writeBoolean(fact.sslv2());
            target.writeInt(fact.tlsServerVersion());
        }
        if ((sections & IKE) != 0) {
            target.writeInt(fact.ikeVersion());
            target.writeInt(fact.ikeExchangeType());
            target.writeLong(fact.ikeInitiatorSpi());
            target.writeLong(fact.ikeResponderSpi());
            target.writeInt(fact.ikeFlags());
            target.writeLong(fact.ikeMessageId());
            target.writeInt(fact.ikeLength());
            writeInts(fact.ikePayloadTypes(), target);
            writeInts(fact.ikeNotifyTypes(), target);
            target.writeBoolean(fact.ikeEncrypted());
        }
        if ((sections & ESP) != 0) {
            target.writeLong(fact.espSpi());
            target.writeLong(fact.espSeq());
        }
        if ((sections & AGGREGATE) != 0) {
            target.writeInt(fact.aggregatePackets());
            target.writeLong(fact.aggregateBytes());
            target.writeLong(fact.aggregateLastTsMicros());
        }
    }

    @Override
    public TunnelPacket deserialize(DataInputView source) throws IOException {
        String tunnelKey = readString(source);
        long tsMicros = source.readLong();
        long captureSeq = source.readLong();
        String agentId = labels().agentIds.read(source, this);
        String site = sites.read(source, this);
        String replayFile = replayFiles.read(source, this);
        int kind = source.readUnsignedByte();
        if (kind == NO_FACT) {
            return new TunnelPacket(tunnelKey, tsMicros, captureSeq, agentId, site, replayFile, null);
        }
        if (kind > KINDS.length) {
            throw new IOException("packet kind " + kind + " is not one of the " + KINDS.length + " this build knows");
        }
        int sections = source.readUnsignedByte();
        long srcHigh = (sections & SRC_IPV4) != 0 ? V4_MAPPED_HIGH : source.readLong();
        long srcLow = (sections & SRC_IPV4) != 0 ? V4_MAPPED_MARK | (source.readInt() & V4_MASK) : source.readLong();
        long dstHigh = (sections & DST_IPV4) != 0 ? V4_MAPPED_HIGH : source.readLong();
        long dstLow = (sections & DST_IPV4) != 0 ? V4_MAPPED_MARK | (source.readInt() & V4_MASK) : source.readLong();
        int srcPort = source.readInt();
        int dstPort = source.readInt();
        int ipLen = source.readInt();

        int tcpFlags = 0;
        long tcpSeq = 0;
        long tcpAck = 0;
        int tcpPayloadLen = 0;
        if ((sections & TCP) != 0) {
            tcpFlags = source.readInt();
            tcpSeq = source.readLong();
            tcpAck = source.readLong();
            tcpPayloadLen = source.readInt();
        }
        int[] tlsContentTypes = null;
        int[] tlsVersions = null;
        int[] tlsHandshakeTypes = null;
        int tlsAlertLevel = 0;
        int tlsAlertDescription = 0;
        boolean sslv2 = false;
        int tlsServerVersion = 0;
        if ((sections & TLS) != 0) {
            tlsContentTypes = readInts(source);
            tlsVersions = readInts(source);
            tlsHandshakeTypes = readInts(source);
            tlsAlertLevel = source.readInt();
            tlsAlertDescription = source.readInt();
            sslv2 = source.readBoolean();
            tlsServerVersion = source.readInt();
        }
        int ikeVersion = 0;
        int ikeExchangeType = 0;
        long ikeInitiatorSpi = 0;
        long ikeResponderSpi = 0;
        int ikeFlags = 0;
        long ikeMessageId = 0;
        int ikeLength = 0;
        int[] ikePayloadTypes = null;
        int[] ikeNotifyTypes = null;
        boolean ikeEncrypted = false;
        if ((sections & IKE) != 0) {
            ikeVersion = source.readInt();
            ikeExchangeType = source.readInt();
            ikeInitiatorSpi = source.readLong();
            ikeResponderSpi = source.readLong();
            ikeFlags = source.readInt();
            ikeMessageId = source.readLong();
            ikeLength = source.readInt();
            ikePayloadTypes = readInts(source);
            ikeNotifyTypes = readInts(source);
            ikeEncrypted = source.readBoolean();
        }
        long espSpi = 0;
        long espSeq = 0;
        if ((sections & ESP) != 0) {
            espSpi = source.readLong();
            espSeq = source.readLong();
        }
        int aggregatePackets = 0;
        long aggregateBytes = 0;
        long aggregateLastTsMicros = 0;
        if ((sections & AGGREGATE) != 0) {
            aggregatePackets = source.readInt();
            aggregateBytes = source.readLong();
            aggregateLastTsMicros = source.readLong();
        }
        PacketFact fact = new PacketFact(tsMicros, captureSeq, agentId, srcHigh, srcLow, dstHigh, dstLow,
                srcPort, dstPort, KINDS[kind - 1], ipLen, (sections & NATT) != 0,
                tcpFlags, tcpSeq, tcpAck, tcpPayloadLen,
                tlsContentTypes, tlsVersions, tlsHandshakeTypes, tlsAlertLevel, tlsAlertDescription, sslv2,
                tlsServerVersion,
                ikeVersion, ikeExchangeType, ikeInitiatorSpi, ikeResponderSpi, ikeFlags, ikeMessageId, ikeLength,
                ikePayloadTypes, ikeNotifyTypes, ikeEncrypted,
                espSpi, espSeq, aggregatePackets, aggregateBytes, aggregateLastTsMicros);
        return new TunnelPacket(tunnelKey, tsMicros, captureSeq, agentId, site, replayFile, fact);
    }

    @Override
    public TunnelPacket deserialize(TunnelPacket reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TunnelPacketSerializer;
    }

    @Override
    public int hashCode() {
        return TunnelPacketSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<TunnelPacket> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Which optional parts of the fact are written, and which addresses are IPv4. */
    private static int sections(PacketFact fact) {
        int sections = 0;
        if (isIpv4(fact.srcIpHigh(), fact.srcIpLow())) {
            sections |= SRC_IPV4;
        }
        if (isIpv4(fact.dstIpHigh(), fact.dstIpLow())) {
            sections |= DST_IPV4;
        }
        if (fact.natt()) {
            sections |= NATT;
        }
        if (fact.tcpFlags() != 0 || fact.tcpSeq() != 0 || fact.tcpAck() != 0 || fact.tcpPayloadLen() != 0) {
            sections |= TCP;
        }
        if (fact.tlsContentTypes().length > 0 || fact.tlsVersions().length > 0 || fact.tlsHandshakeTypes().length > 0
                || fact.tlsAlertLevel() != 0 || fact.tlsAlertDescription() != 0 || fact.sslv2()
                || fact.tlsServerVersion() != 0) {
            sections |= TLS;
        }
        if (fact.ikeVersion() != 0 || fact.ikeExchangeType() != 0 || fact.ikeInitiatorSpi() != 0
                || fact.ikeResponderSpi() != 0 || fact.ikeFlags() != 0 || fact.ikeMessageId() != 0
                || fact.ikeLength() != 0 || fact.ikePayloadTypes().length > 0 || fact.ikeNotifyTypes().length > 0
                || fact.ikeEncrypted()) {
            sections |= IKE;
        }
        if (fact.espSpi() != 0 || fact.espSeq() != 0) {
            sections |= ESP;
        }
        if (fact.aggregatePackets() != 0 || fact.aggregateBytes() != 0 || fact.aggregateLastTsMicros() != 0) {
            sections |= AGGREGATE;
        }
        return sections;
    }

    private static boolean isIpv4(long high, long low) {
        return high == V4_MAPPED_HIGH && (low & ~V4_MASK) == V4_MAPPED_MARK;
    }

    private static void writeAddress(long high, long low, boolean ipv4, DataOutputView target) throws IOException {
        if (ipv4) {
            target.writeInt((int) low);
        } else {
            target.writeLong(high);
            target.writeLong(low);
        }
    }

    private static void writeInts(int[] values, DataOutputView target) throws IOException {
        target.writeInt(values.length);
        for (int value : values) {
            target.writeInt(value);
        }
    }

    private static int[] readInts(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length < 0) {
            throw new IOException("negative array length " + length);
        }
        int[] values = new int[length];
        for (int i = 0; i < length; i++) {
            values[i] = source.readInt();
        }
        return values;
    }

    private static void writeString(String value, DataOutputView target) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    private String readString(DataInputView source) throws IOException {
        int length = readLength(source);
        return new String(scratch, 0, length, StandardCharsets.UTF_8);
    }

    /** Reads a string's length and its bytes into {@link #scratch}. */
    private int readLength(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length < 0) {
            throw new IOException("negative string length " + length);
        }
        if (scratch == null || scratch.length < length) {
            scratch = new byte[Math.max(length, 64)];
        }
        source.readFully(scratch, 0, length);
        return length;
    }

    private TunnelPacketSerializer labels() {
        if (agentIds == null) {
            agentIds = new Label();
            sites = new Label();
            replayFiles = new Label();
        }
        return this;
    }

    /**
     * The last value of one label field: written from the bytes encoded last while the value repeats, read
     * back as the same string while its bytes repeat.
     */
    private static final class Label {
        private byte[] bytes = new byte[0];
        private String value = "";
        private byte[] writtenBytes = new byte[0];
        private String written = "";

        void write(String label, DataOutputView target) throws IOException {
            if (!label.equals(written)) {
                writtenBytes = label.getBytes(StandardCharsets.UTF_8);
                written = label;
            }
            target.writeInt(writtenBytes.length);
            target.write(writtenBytes);
        }

        String read(DataInputView source, TunnelPacketSerializer serializer) throws IOException {
            int length = serializer.readLength(source);
            byte[] read = serializer.scratch;
            if (!Arrays.equals(read, 0, length, bytes, 0, bytes.length)) {
                bytes = Arrays.copyOf(read, length);
                value = new String(bytes, StandardCharsets.UTF_8);
            }
            return value;
        }
    }

    /** The format has one version so far; a later one would say here how to read this. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TunnelPacket> {
        public Snapshot() {
            super(TunnelPacketSerializer::new);
        }
    }
}
