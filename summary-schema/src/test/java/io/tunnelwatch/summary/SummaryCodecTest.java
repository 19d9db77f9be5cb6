package io.tunnelwatch.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.Esp;
import io.tunnelwatch.summary.v1.Heartbeat;
import io.tunnelwatch.summary.v1.Ike;
import io.tunnelwatch.summary.v1.PacketKind;
import io.tunnelwatch.summary.v1.PacketSummary;
import org.junit.jupiter.api.Test;

class SummaryCodecTest {
    private static final byte[] CLIENT = {(byte) 213, 16, 33, (byte) 141};
    private static final byte[] GATEWAY = {79, (byte) 189, (byte) 214, 86};

    @Test
    void shouldRoundTripAnIkeSummary() {
        AgentRecord record = AgentRecord.newBuilder().setPacket(PacketSummary.newBuilder()
                .setTsMicros(1_700_000_036_003_017L)
                .setCaptureSeq(153)
                .setSrcIp(ByteString.copyFrom(CLIENT)).setDstIp(ByteString.copyFrom(GATEWAY))
                .setSrcPort(500).setDstPort(500)
                .setKind(PacketKind.IKE)
                .setIke(Ike.newBuilder().setVersion(1).setExchangeType(2)
                        .setInitiatorSpi(0x1122334455667788L).setNextPayload(1).setLength(160)
                        .addPayloadTypes(1).addPayloadTypes(13)))
                .build();

        SummaryCodec.Decoded decoded = SummaryCodec.decode(SummaryCodec.encode(record));

        assertThat(decoded).isEqualTo(new SummaryCodec.Ok(record));
    }

    @Test
    void shouldKeepAnEspSummaryWithinTheSizeBudget() {
        // ESP is most of the traffic, so its summary must be small (budget: 64 bytes average).
        AgentRecord esp = AgentRecord.newBuilder().setPacket(PacketSummary.newBuilder()
                .setTsMicros(1_700_000_048_233_459L).setCaptureSeq(216)
                .setSrcIp(ByteString.copyFrom(GATEWAY)).setDstIp(ByteString.copyFrom(CLIENT))
                .setKind(PacketKind.ESP).setIpLen(132)
                .setEsp(Esp.newBuilder().setSpi(0x2b28e6ae).setSeq(1)))
                .build();

        assertThat(SummaryCodec.encode(esp).length).isLessThanOrEqualTo(40);
    }

    @Test
    void shouldRoundTripAHeartbeat() {
        AgentRecord record = AgentRecord.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setCaptureClockMicros(1_700_000_000_000_000L).setKernelDrops(3).setIntervalMillis(1000)).build();

        assertThat(SummaryCodec.decode(SummaryCodec.encode(record))).isEqualTo(new SummaryCodec.Ok(record));
    }

    @Test
    void shouldReportGarbageAsBadWithAReason() {
        SummaryCodec.Decoded decoded = SummaryCodec.decode(new byte[] {(byte) 0xff, (byte) 0xff, 0x01});

        assertThat(decoded).isInstanceOf(SummaryCodec.Bad.class);
        assertThat(((SummaryCodec.Bad) decoded).reason()).startsWith("not a tunnelwatch.summary.v1 AgentRecord");
    }

    @Test
    void shouldReportAnEmptyRecordAsBad() {
        assertThat(SummaryCodec.decode(new byte[0])).isEqualTo(new SummaryCodec.Bad("record has neither a packet summary nor a heartbeat"));
        assertThat(SummaryCodec.decode(null)).isInstanceOf(SummaryCodec.Bad.class);
    }

    @Test
    void shouldRejectOversizedValuesWithoutParsing() {
        assertThat(SummaryCodec.decode(new byte[SummaryCodec.MAX_RECORD_BYTES + 1])).isInstanceOf(SummaryCodec.Bad.class);
    }
}
