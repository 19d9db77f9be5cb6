package io.tunnelwatch.job;

import static io.tunnelwatch.job.TestPackets.T0;
import static io.tunnelwatch.job.TestPackets.mainModeStartPacket;
import static io.tunnelwatch.job.TestPackets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.correlation.CorrelationConfig;
import io.tunnelwatch.correlation.TunnelStateCodec;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Every record the job moves or keeps in state goes through Flink's own serializer or ours, never Kryo. */
class FlinkTypesTest {

    @Test
    void shouldSerializeEveryJobRecordFieldByField() {
        for (Class<?> type : new Class<?>[] {SummaryElement.class, AgentHeartbeat.class, DeadLetter.class,
                TunnelOutput.class}) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
    }

    @Test
    void shouldMovePacketsWithTheirOwnSerializerWhereverFlinkMeetsThem() {
        assertThat(TypeInformation.of(TunnelPacket.class)).isSameAs(TunnelPacketTypeInfo.INSTANCE);
        PojoTypeInfo<SummaryElement> element = (PojoTypeInfo<SummaryElement>) TypeInformation.of(SummaryElement.class);
        assertThat(element.getTypeAt(element.getFieldIndex("packet"))).isSameAs(TunnelPacketTypeInfo.INSTANCE);
        assertThat(TunnelPacketTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(TunnelPacketSerializer.class);
    }

    @Test
    void shouldKeepTunnelStateWithItsOwnSerializer() {
        TypeInformation<TrackedTunnel> info = TrackedTunnelTypeInfo.INSTANCE;
        assertThat(info).isNotInstanceOf(GenericTypeInfo.class);
        assertThat(info.createSerializer(new SerializerConfigImpl())).isSameAs(TrackedTunnelSerializer.INSTANCE);
    }

    @Test
    void shouldRoundTripATrackedTunnelThroughTheCodec() throws Exception {
        TrackedTunnel tracked = attemptInProgress();
        TypeSerializer<TrackedTunnel> serializer = TrackedTunnelSerializer.INSTANCE;

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(tracked, out);
        TrackedTunnel back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.site()).isEqualTo("branch-1");
        assertThat(TunnelStateCodec.toBytes(back.tunnel())).isEqualTo(TunnelStateCodec.toBytes(tracked.tunnel()));
        assertThat(out.length()).as("an attempt in progress stays small").isLessThan(400);
    }

    @Test
    void shouldRestoreFromItsSnapshotOnlyWhileTheCodecReadsTheFormat() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, TrackedTunnelSerializer.INSTANCE.snapshotConfiguration());
        TypeSerializerSnapshot<TrackedTunnel> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isSameAs(TrackedTunnelSerializer.INSTANCE);
        assertThat(new TrackedTunnelSerializer.Snapshot().resolveSchemaCompatibility(restored).isCompatibleAsIs())
                .isTrue();

        DataOutputSerializer future = new DataOutputSerializer(8);
        future.writeInt(TunnelStateCodec.FORMAT_VERSION + 1);
        TrackedTunnelSerializer.Snapshot newer = new TrackedTunnelSerializer.Snapshot();
        newer.readSnapshot(newer.getCurrentVersion(), new DataInputDeserializer(future.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertThat(new TrackedTunnelSerializer.Snapshot().resolveSchemaCompatibility(newer).isIncompatible())
                .as("state written in a format this codec does not read").isTrue();
    }

    private static TrackedTunnel attemptInProgress() {
        StateMachinePolicy policy = new StateMachinePolicy(CorrelationConfig.defaults());
        PolicyStep<TrackedTunnel> first = policy.onPacket(null, mainModeStartPacket(T0, 1));
        return policy.onPacket(first.nextState(), mainModeStartPacket(T0 + seconds(4), 2)).nextState();
    }
}
