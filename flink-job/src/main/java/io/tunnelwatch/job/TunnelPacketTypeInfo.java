package io.tunnelwatch.job;

import java.lang.reflect.Type;
import java.util.Map;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for {@link TunnelPacket}: its own serializer, never Kryo. The record names it
 * with {@code @TypeInfo}, so every place Flink derives the type (the summaries' elements, the keyed
 * exchange, the list of waiting packets) gets this one.
 */
public final class TunnelPacketTypeInfo extends OwnSerializerTypeInfo<TunnelPacket> {

    private static final long serialVersionUID = 1L;

    public static final TunnelPacketTypeInfo INSTANCE = new TunnelPacketTypeInfo();

    private TunnelPacketTypeInfo() {
        super(TunnelPacket.class);
    }

    /** What {@code @TypeInfo} on {@link TunnelPacket} asks Flink to call. */
    public static final class Factory extends TypeInfoFactory<TunnelPacket> {
        @Override
        public TypeInformation<TunnelPacket> createTypeInfo(Type type, Map<String, TypeInformation<?>> generics) {
            return INSTANCE;
        }
    }

    @Override
    public TypeSerializer<TunnelPacket> createSerializer(SerializerConfig config) {
        return new TunnelPacketSerializer();
    }
}
