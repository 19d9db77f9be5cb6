package io.tunnelwatch.job;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for {@link TrackedTunnel}: its own serializer, never Kryo. */
public final class TrackedTunnelTypeInfo extends TypeInformation<TrackedTunnel> {

    private static final long serialVersionUID = 1L;

    public static final TrackedTunnelTypeInfo INSTANCE = new TrackedTunnelTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<TrackedTunnel> getTypeClass() {
        return TrackedTunnel.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<TrackedTunnel> createSerializer(SerializerConfig config) {
        return TrackedTunnelSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "TrackedTunnel";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrackedTunnelTypeInfo;
    }

    @Override
    public int hashCode() {
        return TrackedTunnel.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof TrackedTunnelTypeInfo;
    }
}
