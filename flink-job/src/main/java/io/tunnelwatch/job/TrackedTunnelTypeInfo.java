package io.tunnelwatch.job;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for {@link TrackedTunnel}: its own serializer, never Kryo. */
public final class TrackedTunnelTypeInfo extends OwnSerializerTypeInfo<TrackedTunnel> {

    private static final long serialVersionUID = 1L;

    public static final TrackedTunnelTypeInfo INSTANCE = new TrackedTunnelTypeInfo();

    private TrackedTunnelTypeInfo() {
        super(TrackedTunnel.class);
    }

    @Override
    public TypeSerializer<TrackedTunnel> createSerializer(SerializerConfig config) {
        return TrackedTunnelSerializer.INSTANCE;
    }
}
