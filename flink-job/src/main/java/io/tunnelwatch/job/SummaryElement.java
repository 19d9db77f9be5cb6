package io.tunnelwatch.job;

/**
 * What the summaries source emits for one Kafka record: exactly one of a tunnel packet, an agent
 * heartbeat or a dead letter.
 *
 * <p>One record type with three nullable parts, rather than a sealed interface, because Flink
 * serializes records field by field but would fall back to Kryo for an interface. All three must
 * pass through the source's watermark generator: heartbeats exist to move event time on their
 * partition.
 */
public record SummaryElement(TunnelPacket packet, AgentHeartbeat heartbeat, DeadLetter deadLetter) {

    public static SummaryElement of(TunnelPacket packet) {
        return new SummaryElement(packet, null, null);
    }

    public static SummaryElement of(AgentHeartbeat heartbeat) {
        return new SummaryElement(null, heartbeat, null);
    }

    public static SummaryElement of(DeadLetter deadLetter) {
        return new SummaryElement(null, null, deadLetter);
    }

    /**
     * The element's event time in milliseconds. A dead letter has none; {@code Long.MIN_VALUE} never
     * moves a watermark, so garbage with a wild timestamp cannot make real packets late.
     */
    public long eventTimeMillis() {
        if (packet != null) {
            return packet.eventTimeMillis();
        }
        if (heartbeat != null) {
            return heartbeat.eventTimeMillis();
        }
        return Long.MIN_VALUE;
    }
}
