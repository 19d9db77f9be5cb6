package io.tunnelwatch.job;

import static io.tunnelwatch.job.TestPackets.CLIENT;
import static io.tunnelwatch.job.TestPackets.GATEWAY;
import static io.tunnelwatch.job.TestPackets.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import io.tunnelwatch.summary.RecordHeaders;
import io.tunnelwatch.summary.TunnelKey;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.Heartbeat;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class SummaryDeserializerTest {

    @Test
    void shouldKeyAPacketByItsAddressPairWhicheverWayItFlows() {
        SummaryElement fromClient = deserialize(record(packetBytes(CLIENT, GATEWAY, 7), true));
        SummaryElement fromGateway = deserialize(record(packetBytes(GATEWAY, CLIENT, 8), true));

        assertThat(fromClient.packet().tunnelKey()).isEqualTo(TestPackets.TUNNEL)
                .isEqualTo(fromGateway.packet().tunnelKey());
        TunnelPacket packet = fromClient.packet();
        assertThat(packet.tsMicros()).isEqualTo(T0);
        assertThat(packet.captureSeq()).isEqualTo(7);
        assertThat(packet.agentId()).isEqualTo("agent-1");
        assertThat(packet.site()).isEqualTo("branch-1");
        assertThat(packet.isReplay()).isFalse();
        assertThat(packet.fact().kind()).as("decoded once, here").isEqualTo(io.tunnelwatch.correlation.PacketKind.ESP);
        assertThat(packet.fact().espSpi()).isEqualTo(0x1000);
        assertThat(packet.fact().tsMicros()).isEqualTo(T0);
        assertThat(packet.fact().agentId()).isEqualTo("agent-1");
        assertThat(fromClient.eventTimeMillis()).isEqualTo(T0 / 1000);
    }

    @Test
    void shouldCarryASummaryOfAKindTheCorrelationDoesNotKnowWithItsTimeButNoFact() {
        byte[] value = AgentRecord.newBuilder()
                .setPacket(TestPackets.esp(T0, 9, CLIENT, GATEWAY).toBuilder().setKindValue(99))
                .build().toByteArray();

        TunnelPacket packet = deserialize(record(value, true)).packet();

        assertThat(packet.fact()).isNull();
        assertThat(packet.tsMicros()).isEqualTo(T0);
        assertThat(packet.captureSeq()).isEqualTo(9);
        assertThat(packet.tunnelKey()).isEqualTo(TestPackets.TUNNEL);
    }

    @Test
    void shouldReadAHeartbeatWithItsClockAndDropCounters() {
        byte[] value = AgentRecord.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setCaptureClockMicros(T0 + 1500).setKernelDrops(3).setInterfaceDrops(1).setAgentDrops(2)
                .setIntervalMillis(1000)).build().toByteArray();

        SummaryElement element = deserialize(record(value, true));

        assertThat(element.heartbeat()).isEqualTo(new AgentHeartbeat("agent-1", "branch-1", 4, T0 + 1500,
                0, 3, 1, 2, 1000));
        assertThat(element.heartbeat().totalDrops()).isEqualTo(6);
        assertThat(element.eventTimeMillis()).isEqualTo(T0 / 1000 + 1);
    }

    @Test
    void shouldTurnUndecodableBytesIntoADeadLetterWithWhereAndWhy() {
        byte[] garbage = {0x0a, (byte) 0xff, 0x01};

        SummaryElement element = deserialize(record(garbage, true));

        DeadLetter letter = element.deadLetter();
        assertThat(letter.value()).isEqualTo(garbage);
        assertThat(letter.topic()).isEqualTo("summaries");
        assertThat(letter.partition()).isEqualTo(4);
        assertThat(letter.offset()).isEqualTo(42);
        assertThat(letter.reason()).contains("not a tunnelwatch.summary.v1 AgentRecord");
        assertThat(element.eventTimeMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldRejectAnEmptyRecordAndAForeignSchema() {
        assertThat(deserialize(record(new byte[0], true)).deadLetter().reason()).contains("neither");

        ConsumerRecord<byte[], byte[]> v2 = record(packetBytes(CLIENT, GATEWAY, 1), false);
        v2.headers().add(RecordHeaders.SCHEMA, "tunnelwatch.summary.v2".getBytes(StandardCharsets.UTF_8));
        assertThat(deserialize(v2).deadLetter().reason()).contains("tunnelwatch.summary.v2");
    }

    @Test
    void shouldTakeTheLastHeaderOfEachNameAndTheReplayedFile() {
        ConsumerRecord<byte[], byte[]> record = record(packetBytes(CLIENT, GATEWAY, 1), true);
        record.headers().add(RecordHeaders.SOURCE_FILE, "branch-7.pcapng".getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.SOURCE_SHA256, "ab".repeat(32).getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.AGENT_ID, "agent-2".getBytes(StandardCharsets.UTF_8));

        TunnelPacket packet = deserialize(record).packet();

        assertThat(packet.agentId()).as("the last of two agent headers, as lastHeader gives").isEqualTo("agent-2");
        assertThat(packet.site()).isEqualTo("branch-1");
        assertThat(packet.replayFile()).isEqualTo("branch-7.pcapng");
    }

    @Test
    void shouldRejectAPacketWhoseAddressesAreNotAPair() {
        byte[] ipv6 = new byte[16];
        SummaryElement element = deserialize(record(packetBytes(CLIENT, ipv6, 1), true));

        assertThat(element.deadLetter().reason()).contains("4 and 16 bytes");
    }

    @Test
    void shouldCountEveryBadRecord() {
        SummaryDeserializer deserializer = new SummaryDeserializer();
        List<SummaryElement> out = new ArrayList<>();
        deserializer.deserialize(record(new byte[] {1, 2, 3}, true), collector(out));
        deserializer.deserialize(record(packetBytes(CLIENT, GATEWAY, 1), true), collector(out));
        deserializer.deserialize(record(null, true), collector(out));

        assertThat(out).hasSize(3);
        assertThat(out).filteredOn(e -> e.deadLetter() != null).hasSize(2);
        assertThat(deserializer.badRecordCount()).isEqualTo(2);
    }

    private static byte[] packetBytes(byte[] src, byte[] dst, long seq) {
        return AgentRecord.newBuilder()
                .setPacket(TestPackets.esp(T0, seq, GATEWAY, CLIENT).toBuilder()
                        .setSrcIp(ByteString.copyFrom(src)).setDstIp(ByteString.copyFrom(dst)))
                .build().toByteArray();
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value, boolean agentHeaders) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("summaries", 4, 42,
                TunnelKey.of(CLIENT, GATEWAY), value);
        if (agentHeaders) {
            record.headers().add(RecordHeaders.SCHEMA, RecordHeaders.SCHEMA_V1.getBytes(StandardCharsets.UTF_8));
            record.headers().add(RecordHeaders.AGENT_ID, "agent-1".getBytes(StandardCharsets.UTF_8));
            record.headers().add(RecordHeaders.SITE, "branch-1".getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static SummaryElement deserialize(ConsumerRecord<byte[], byte[]> record) {
        List<SummaryElement> out = new ArrayList<>();
        new SummaryDeserializer().deserialize(record, collector(out));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static Collector<SummaryElement> collector(List<SummaryElement> out) {
        return new Collector<>() {
            @Override
            public void collect(SummaryElement element) {
                out.add(element);
            }

            @Override
            public void close() {}
        };
    }
}
