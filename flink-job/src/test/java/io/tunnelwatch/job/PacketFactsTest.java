package io.tunnelwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tunnelwatch.correlation.IpAddress;
import io.tunnelwatch.correlation.PacketFact;
import io.tunnelwatch.correlation.PacketKind;
import io.tunnelwatch.summary.v1.Aggregate;
import io.tunnelwatch.summary.v1.Esp;
import io.tunnelwatch.summary.v1.Ike;
import io.tunnelwatch.summary.v1.PacketSummary;
import io.tunnelwatch.summary.v1.Tcp;
import io.tunnelwatch.summary.v1.TlsRecord;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The schema's packet summary as the correlation's fact: every field, unsigned where the wire is unsigned. */
class PacketFactsTest {

    private static final long T0 = TestPackets.T0;
    private static final byte[] V6_CLIENT = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x07};

    @Test
    void shouldCopyTheCommonFieldsAndTheAgent() {
        PacketFact fact = fact(base(io.tunnelwatch.summary.v1.PacketKind.ESP)
                .setEsp(Esp.newBuilder().setSpi(0x1000).setSeq(1)));

        assertThat(fact.tsMicros()).isEqualTo(T0);
        assertThat(fact.captureSeq()).isEqualTo(42);
        assertThat(fact.agentId()).isEqualTo("agent-1");
        assertThat(fact.src()).isEqualTo(IpAddress.parse("198.51.100.7"));
        assertThat(fact.dst()).isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(fact.srcPort()).isEqualTo(4500);
        assertThat(fact.dstPort()).isEqualTo(4500);
        assertThat(fact.kind()).isEqualTo(PacketKind.ESP);
        assertThat(fact.ipLen()).isEqualTo(1400);
        assertThat(fact.natt()).isTrue();
        assertThat(fact.aggregatePackets()).as("a single packet").isZero();
    }

    @Test
    void shouldKeepIpv6AddressesWhole() {
        PacketFact fact = fact(base(io.tunnelwatch.summary.v1.PacketKind.ESP).setSrcIp(ByteString.copyFrom(V6_CLIENT))
                .setDstIp(ByteString.copyFrom(V6_CLIENT.clone())).setEsp(Esp.newBuilder().setSpi(1)));

        assertThat(fact.src()).isEqualTo(IpAddress.parse("2001:db8::7"));
    }

    @Test
    void shouldReadEspSpiAndSequenceAsUnsigned() {
        PacketFact fact = fact(base(io.tunnelwatch.summary.v1.PacketKind.ESP)
                .setEsp(Esp.newBuilder().setSpi(0xC000_0001).setSeq(0xFFFF_FFFF)));

        assertThat(fact.espSpi()).isEqualTo(0xC000_0001L);
        assertThat(fact.espSeq()).isEqualTo(4_294_967_295L);
    }

    @Test
    void shouldReadTcpSequenceNumbersAsUnsignedAndFlattenTlsRecords() {
        PacketFact fact = fact(base(io.tunnelwatch.summary.v1.PacketKind.TCP)
                .setTcp(Tcp.newBuilder().setFlags(0x18).setSeq(0xFFFF_FFF0).setAck(0x8000_0000).setPayloadLen(1200))
                // ServerHello + Certificate in one TLS 1.0 record, TLS 1.2 chosen by the ServerHello...
                .addTls(TlsRecord.newBuilder().setContentType(22).setVersion(0x0301).addHandshakeTypes(2)
                        .addHandshakeTypes(11).setServerVersion(0x0303))
                // ...then a fatal protocol_version alert and a second alert that must not replace it.
                .addTls(TlsRecord.newBuilder().setContentType(21).setVersion(0x0303).setAlertLevel(2)
                        .setAlertDescription(70))
                .addTls(TlsRecord.newBuilder().setContentType(21).setVersion(0x0303).setAlertLevel(1)
                        .setAlertDescription(0)));

        assertThat(fact.tcpFlags()).isEqualTo(0x18);
        assertThat(fact.tcpSeq()).isEqualTo(4_294_967_280L);
        assertThat(fact.tcpAck()).isEqualTo(2_147_483_648L);
        assertThat(fact.tcpPayloadLen()).isEqualTo(1200);
        assertThat(fact.tlsContentTypes()).containsExactly(22, 21, 21);
        assertThat(fact.tlsVersions()).containsExactly(0x0301, 0x0303, 0x0303);
        assertThat(fact.tlsHandshakeTypes()).containsExactly(2, 11);
        assertThat(fact.tlsServerVersion()).isEqualTo(0x0303);
        assertThat(fact.tlsAlertLevel()).isEqualTo(2);
        assertThat(fact.tlsAlertDescription()).isEqualTo(70);
        assertThat(fact.sslv2()).isFalse();
    }

    @Test
    void shouldMarkAnSslv2FormatHello() {
        PacketFact fact = fact(base(io.tunnelwatch.summary.v1.PacketKind.TCP)
                .setTcp(Tcp.newBuilder().setFlags(0x18))
                .addTls(TlsRecord.newBuilder().setContentType(22).setVersion(2).addHandshakeTypes(1)));

        assertThat(fact.sslv2()).isTrue();
        assertThat(fact.tlsHandshakeTypes()).containsExactly(1);
    }

    @Test
    void shouldTakeIkev1EncryptionFromTheEFlag() {
        PacketFact clear = fact(ike(1, 2, 0x00, 1));
        PacketFact encrypted = fact(ike(1, 2, 0x01, 5)); // MM5: E flag, next payload ID (5)

        assertThat(clear.ikeEncrypted()).isFalse();
        assertThat(encrypted.ikeEncrypted()).isTrue();
        assertThat(encrypted.ikeVersion()).isEqualTo(1);
        assertThat(encrypted.ikeExchangeType()).isEqualTo(2);
        assertThat(encrypted.ikeFlags()).isEqualTo(0x01);
    }

    @Test
    void shouldTakeIkev2EncryptionFromTheSkPayloadNotFromTheFlags() {
        PacketFact initiatorFlagOnly = fact(ike(2, 34, 0x08, 33)); // IKE_SA_INIT: I flag, SA payload
        PacketFact withSk = fact(ike(2, 35, 0x08, 46)); // IKE_AUTH: SK
        PacketFact withSkf = fact(ike(2, 35, 0x20, 53)); // IKE_AUTH response, fragmented: SKF

        assertThat(initiatorFlagOnly.ikeEncrypted()).isFalse();
        assertThat(withSk.ikeEncrypted()).isTrue();
        assertThat(withSkf.ikeEncrypted()).isTrue();
    }

    @Test
    void shouldCopyIkeHeaderAndPayloadChainsWithUnsignedMessageId() {
        PacketFact fact = fact(base(io.tunnelwatch.summary.v1.PacketKind.IKE)
                .setIke(Ike.newBuilder().setVersion(2).setExchangeType(37).setInitiatorSpi(0x8877_6655_4433_2211L)
                        .setResponderSpi(-1L).setNextPayload(41).setFlags(0x20).setMessageId(0xFFFF_FFFE)
                        .setLength(96).addPayloadTypes(41).addPayloadTypes(41).addNotifyTypes(24)
                        .addNotifyTypes(16390)));

        assertThat(fact.ikeInitiatorSpi()).isEqualTo(0x8877_6655_4433_2211L);
        assertThat(fact.ikeResponderSpi()).isEqualTo(-1L);
        assertThat(fact.ikeMessageId()).isEqualTo(4_294_967_294L);
        assertThat(fact.ikeLength()).isEqualTo(96);
        assertThat(fact.ikePayloadTypes()).containsExactly(41, 41);
        assertThat(fact.ikeNotifyTypes()).containsExactly(24, 16390);
    }

    @Test
    void shouldCopyAnAggregate() {
        PacketFact fact = fact(base(io.tunnelwatch.summary.v1.PacketKind.ESP).setEsp(Esp.newBuilder().setSpi(7))
                .setAggregate(Aggregate.newBuilder().setPackets(160).setBytes(224_000).setLastTsMicros(T0 + 9_000_000)));

        assertThat(fact.aggregatePackets()).isEqualTo(160);
        assertThat(fact.aggregateBytes()).isEqualTo(224_000);
        assertThat(fact.aggregateLastTsMicros()).isEqualTo(T0 + 9_000_000);
        assertThat(fact.packets()).isEqualTo(160);
    }

    @Test
    void shouldLeaveOutAKindItDoesNotKnow() {
        PacketSummary unknown = base(io.tunnelwatch.summary.v1.PacketKind.PACKET_KIND_UNSPECIFIED).build();

        assertThat(PacketFacts.from(unknown, "agent-1")).isEmpty();
    }

    private static PacketSummary.Builder ike(int version, int exchange, int flags, int nextPayload) {
        return base(io.tunnelwatch.summary.v1.PacketKind.IKE).setIke(Ike.newBuilder().setVersion(version)
                .setExchangeType(exchange).setInitiatorSpi(0x11).setFlags(flags).setNextPayload(nextPayload)
                .addPayloadTypes(nextPayload));
    }

    private static PacketSummary.Builder base(io.tunnelwatch.summary.v1.PacketKind kind) {
        return PacketSummary.newBuilder()
                .setTsMicros(T0)
                .setCaptureSeq(42)
                .setSrcIp(ByteString.copyFrom(TestPackets.CLIENT))
                .setDstIp(ByteString.copyFrom(TestPackets.GATEWAY))
                .setSrcPort(4500)
                .setDstPort(4500)
                .setNatt(true)
                .setKind(kind)
                .setIpLen(1400);
    }

    private static PacketFact fact(PacketSummary.Builder summary) {
        Optional<PacketFact> fact = PacketFacts.from(summary.build(), "agent-1");
        assertThat(fact).isPresent();
        return fact.get();
    }
}
