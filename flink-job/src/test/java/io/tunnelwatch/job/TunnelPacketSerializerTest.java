package io.tunnelwatch.job;

import static io.tunnelwatch.job.TestPackets.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.correlation.IpAddress;
import io.tunnelwatch.correlation.PacketFact;
import io.tunnelwatch.correlation.PacketKind;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Packets read back from the exchange and from state exactly as they were written, field by field. */
class TunnelPacketSerializerTest {

    @Test
    void shouldReadBackAnEspPacketAsTheSourceMadeIt() throws Exception {
        TunnelPacket packet = TestPackets.packet(T0, 7);

        List<TunnelPacket> back = roundTrip(List.of(packet));

        assertSame(back.get(0), packet);
    }

    @Test
    void shouldReadBackEveryFieldOfAFactWithEverySectionSet() throws Exception {
        PacketFact fact = PacketFact.builder()
                .tsMicros(T0 + 1).captureSeq(-2).agentId("agent-ü")
                .src(IpAddress.parse("2001:db8::7")).dst(IpAddress.parse("192.0.2.1"))
                .srcPort(65535).dstPort(443).kind(PacketKind.TCP).ipLen(1500).natt(true)
                .tcpFlags(0x18).tcpSeq(4_294_967_295L).tcpAck(1).tcpPayloadLen(1448)
                .tlsContentTypes(22, 21).tlsVersions(0x0303, 0x0301).tlsHandshakeTypes(1, 2, 11)
                .tlsAlert(2, 40).sslv2(true).tlsServerVersion(0x0304)
                .ikeVersion(2).ikeExchangeType(34).ikeInitiatorSpi(Long.MIN_VALUE).ikeResponderSpi(-1)
                .ikeFlags(0x08).ikeMessageId(4_294_967_295L).ikeLength(-5).ikePayloadTypes(33, 34, 40)
                .ikeNotifyTypes(16390, 14).ikeEncrypted(true)
                .espSpi(0xC000_0001L).espSeq(3)
                .aggregate(12, 18_000, T0 + 99)
                .build();
        TunnelPacket packet = TunnelPacket.of("192.0.2.1|2001:db8::7", "site-é", "/tmp/x.pcap", fact);

        TunnelPacket back = roundTrip(List.of(packet)).get(0);

        assertSame(back, packet);
        assertThat(back.fact().src()).isEqualTo(IpAddress.parse("2001:db8::7"));
        assertThat(back.fact().dst()).isEqualTo(IpAddress.parse("192.0.2.1"));
    }

    @Test
    void shouldReadBackSparseFactsOfEveryKindWithTheirAbsentSectionsEmpty() throws Exception {
        List<TunnelPacket> packets = new java.util.ArrayList<>();
        for (PacketKind kind : PacketKind.values()) {
            PacketFact fact = PacketFact.builder().tsMicros(T0).captureSeq(kind.ordinal()).agentId("agent-1")
                    .src(IpAddress.parse("198.51.100.7")).dst(IpAddress.parse("::ffff:192.0.2.1")).kind(kind).build();
            packets.add(TunnelPacket.of(TestPackets.TUNNEL, "", "", fact));
        }

        List<TunnelPacket> back = roundTrip(packets);

        for (int i = 0; i < packets.size(); i++) {
            assertSame(back.get(i), packets.get(i));
            assertThat(back.get(i).fact().tlsContentTypes()).isEmpty();
            assertThat(back.get(i).fact().ikeNotifyTypes()).isEmpty();
        }
    }

    @Test
    void shouldReadBackAPacketOfAKindThisBuildDoesNotKnowWithoutAFact() throws Exception {
        TunnelPacket unknown = new TunnelPacket(TestPackets.TUNNEL, T0, 3, "agent-1", "branch-1", "", null);

        TunnelPacket back = roundTrip(List.of(unknown)).get(0);

        assertThat(back).isEqualTo(unknown);
    }

    @Test
    void shouldNotCarryOneAgentsLabelsOverToTheNextPacket() throws Exception {
        TunnelPacket first = TestPackets.packet(T0, 1);
        TunnelPacket other = new TunnelPacket("192.0.2.9|198.51.100.7", T0, 2, "agent-2", "branch-2", "a.pcap", null);
        TunnelPacket emptyLabels = new TunnelPacket("192.0.2.9|198.51.100.7", T0, 3, "", "", "", null);

        List<TunnelPacket> back = roundTrip(List.of(first, other, first, emptyLabels, first));

        assertSame(back.get(0), first);
        assertThat(back.get(1)).isEqualTo(other);
        assertSame(back.get(2), first);
        assertThat(back.get(3)).isEqualTo(emptyLabels);
        assertSame(back.get(4), first);
    }

    @Test
    void shouldGiveEachUserItsOwnInstanceAndRestoreFromItsSnapshot() throws Exception {
        TunnelPacketSerializer serializer = new TunnelPacketSerializer();
        assertThat(serializer.duplicate()).as("it remembers labels").isNotSameAs(serializer).isEqualTo(serializer);

        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<TunnelPacket> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isInstanceOf(TunnelPacketSerializer.class);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs())
                .isTrue();
    }

    /** Writes with one instance and reads with another, in order, as a channel's two ends do. */
    private static List<TunnelPacket> roundTrip(List<TunnelPacket> packets) throws Exception {
        TypeSerializer<TunnelPacket> writer = new TunnelPacketSerializer();
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (TunnelPacket packet : packets) {
            writer.serialize(packet, out);
        }
        TypeSerializer<TunnelPacket> reader = new TunnelPacketSerializer();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<TunnelPacket> back = new java.util.ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            back.add(reader.deserialize(in));
        }
        assertThat(in.available()).as("every byte read").isZero();
        return back;
    }

    /** Field by field, the fact's arrays by content. */
    private static void assertSame(TunnelPacket actual, TunnelPacket expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }
}
