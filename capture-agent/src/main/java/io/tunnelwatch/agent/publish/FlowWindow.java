package io.tunnelwatch.agent.publish;

/**
 * One tracked flow in {@link FlowAggregator}: its current window and the packets counted into it so far.
 * Mutable, owned by the aggregator's thread; {@code windowEnd} changes only while the flow is out of the
 * {@link FlowWindowQueue}.
 */
final class FlowWindow<K> {
    final K key;
    /** Opening order, so flows whose windows end together close in the order they were opened. */
    final long order;
    long windowEnd;
    long packets;
    long bytes;
    long firstMicros;
    long lastMicros;
    long firstSeq;

    FlowWindow(K key, long order, long windowEnd) {
        this.key = key;
        this.order = order;
        this.windowEnd = windowEnd;
    }
}
