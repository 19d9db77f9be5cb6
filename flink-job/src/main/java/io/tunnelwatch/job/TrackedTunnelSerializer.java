package io.tunnelwatch.job;

import java.io.IOException;

import io.tunnelwatch.correlation.TunnelState;
import io.tunnelwatch.correlation.TunnelStateCodec;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link TrackedTunnel}: the site label, then the tunnel state in
 * {@link TunnelStateCodec}'s compact versioned form (about 140 bytes for an established key). Used for
 * RocksDB state and checkpoints; the heap backend keeps the objects themselves, which are immutable.
 */
public final class TrackedTunnelSerializer extends TypeSerializerSingleton<TrackedTunnel> {

    private static final long serialVersionUID = 1L;

    public static final TrackedTunnelSerializer INSTANCE = new TrackedTunnelSerializer();

    @Override
    public boolean isImmutableType() {
        // Transitions never change a state they were given; the record is immutable too.
        return true;
    }

    @Override
    public TrackedTunnel createInstance() {
        return new TrackedTunnel(TunnelState.empty(), "");
    }

    @Override
    public TrackedTunnel copy(TrackedTunnel from) {
        return from;
    }

    @Override
    public TrackedTunnel copy(TrackedTunnel from, TrackedTunnel reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(TrackedTunnel record, DataOutputView target) throws IOException {
        target.writeUTF(record.site());
        TunnelStateCodec.write(record.tunnel(), target);
    }

    @Override
    public TrackedTunnel deserialize(DataInputView source) throws IOException {
        String site = source.readUTF().intern(); // one copy per site, not per key
        return new TrackedTunnel(TunnelStateCodec.read(source), site);
    }

    @Override
    public TrackedTunnel deserialize(TrackedTunnel reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<TrackedTunnel> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Written into every checkpoint and savepoint with the state: records the codec's format version, so a
     * later build can tell whether it still reads this state. Each serialized state also starts with its
     * own format byte; a build whose codec no longer reads an old format refuses the restore up front
     * instead of failing on the first key.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<TrackedTunnel> {
        private static final int SNAPSHOT_VERSION = 1;

        private int codecFormat = TunnelStateCodec.FORMAT_VERSION;

        @Override
        public int getCurrentVersion() {
            return SNAPSHOT_VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(codecFormat);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != SNAPSHOT_VERSION) {
                throw new IOException("tracked-tunnel serializer snapshot version " + readVersion
                        + " is not readable, expected " + SNAPSHOT_VERSION);
            }
            codecFormat = in.readInt();
        }

        @Override
        public TypeSerializer<TrackedTunnel> restoreSerializer() {
            return INSTANCE;
        }

        /** Called on the new build's snapshot with the one found in the checkpoint. */
        @Override
        public TypeSerializerSchemaCompatibility<TrackedTunnel> resolveSchemaCompatibility(
                TypeSerializerSnapshot<TrackedTunnel> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot old)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return old.codecFormat == TunnelStateCodec.FORMAT_VERSION
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }

        int codecFormat() {
            return codecFormat;
        }
    }
}
