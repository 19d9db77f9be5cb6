package io.tunnelwatch.agent.publish;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The aggregator as first written (flows in a {@code TreeSet} by window end), kept as the reference the
 * faster {@link FlowAggregator} must agree with, aggregate for aggregate and in the same order.
 */
final class ReferenceFlowAggregator<K> {

    private static final class Flow<K> {
        final K key;
        final long order;
        long windowEnd;
        long packets;
        long bytes;
        long firstMicros;
        long lastMicros;
        long firstSeq;

        Flow(K key, long order, long windowEnd) {
            this.key = key;
            this.order = order;
            this.windowEnd = windowEnd;
        }
    }

    private final long intervalMicros;
    private final int maxFlows;
    private final FlowAggregator.AggregateSink<K> sink;
    private final Map<K, Flow<K>> flows = new HashMap<>();
    /** Flows by the end of their current window: the head is the next to close. */
    private final TreeSet<Flow<K>> byWindowEnd = new TreeSet<>(
            Comparator.<Flow<K>>comparingLong(f -> f.windowEnd).thenComparingLong(f -> f.order));
    private long nextOrder;
    private long clockMicros = Long.MIN_VALUE;

    private long packetsAbsorbed;
    private long aggregatesEmitted;
    private long evictions;

    ReferenceFlowAggregator(AggregationPolicy policy, FlowAggregator.AggregateSink<K> sink) {
        this.intervalMicros = policy.intervalMicros();
        this.maxFlows = policy.maxFlows();
        this.sink = sink;
    }

    /**
     * Offers one data-plane packet.
     *
     * @return true when the caller must publish this packet individually now (first of its flow, or
     *     first after a pause); false when it was counted into the flow's pending aggregate
     */
    public boolean admit(K flow, long tsMicros, long captureSeq, long bytes) {
        advanceTo(tsMicros);
        Flow<K> state = flows.get(flow);
        if (state == null) {
            open(flow);
            return true;
        }
        // Every tracked flow's window ends after the clock, so this packet falls inside it (also when
        // it is older than the clock: live capture on several interfaces is only roughly ordered).
        absorb(state, tsMicros, captureSeq, bytes);
        return false;
    }

    /** Moves the clock forward and emits every aggregate whose window has closed by {@code nowMicros}. */
    public void advanceTo(long nowMicros) {
        if (nowMicros <= clockMicros) {
            return;
        }
        clockMicros = nowMicros;
        while (!byWindowEnd.isEmpty() && byWindowEnd.first().windowEnd <= nowMicros) {
            Flow<K> closing = byWindowEnd.pollFirst();
            if (closing.packets == 0) {
                // A whole window went by without a packet: the flow is quiet, forget it.
                flows.remove(closing.key);
                continue;
            }
            emit(closing);
            closing.windowEnd += intervalMicros;
            if (closing.windowEnd <= nowMicros) {
                flows.remove(closing.key);
            } else {
                byWindowEnd.add(closing);
            }
        }
    }

    /** Emits every pending aggregate and forgets all flows: end of a file, or the agent stopping. */
    public void flush() {
        for (Flow<K> flow : byWindowEnd) {
            if (flow.packets > 0) {
                emit(flow);
            }
        }
        byWindowEnd.clear();
        flows.clear();
    }

    /**
     * A lower bound of the capture time of every packet still held back ({@link Long#MAX_VALUE} when
     * nothing is): a heartbeat must not claim a clock past a summary that is yet to be published.
     */
    public long earliestHeldBackMicros() {
        return byWindowEnd.isEmpty() ? Long.MAX_VALUE : byWindowEnd.first().windowEnd - intervalMicros;
    }

    public int trackedFlows() {
        return flows.size();
    }

    public long packetsAbsorbed() {
        return packetsAbsorbed;
    }

    public long aggregatesEmitted() {
        return aggregatesEmitted;
    }

    /** Flows flushed early because {@link AggregationPolicy#maxFlows()} were tracked already. */
    public long evictions() {
        return evictions;
    }

    private void open(K key) {
        if (flows.size() >= maxFlows) {
            evictNextToClose();
        }
        Flow<K> state = new Flow<>(key, nextOrder++, clockMicros + intervalMicros);
        flows.put(key, state);
        byWindowEnd.add(state);
    }

    private void evictNextToClose() {
        Flow<K> victim = byWindowEnd.pollFirst();
        flows.remove(victim.key);
        evictions++;
        if (victim.packets > 0) {
            emit(victim);
        }
    }

    private void absorb(Flow<K> state, long tsMicros, long captureSeq, long bytes) {
        if (state.packets == 0) {
            state.firstMicros = tsMicros;
            state.lastMicros = tsMicros;
            state.firstSeq = captureSeq;
        } else {
            state.firstMicros = Math.min(state.firstMicros, tsMicros);
            state.lastMicros = Math.max(state.lastMicros, tsMicros);
        }
        state.packets++;
        state.bytes += bytes;
        packetsAbsorbed++;
    }

    private void emit(Flow<K> flow) {
        FlowAggregate aggregate = new FlowAggregate(flow.packets, flow.bytes, flow.firstMicros, flow.lastMicros, flow.firstSeq);
        flow.packets = 0;
        flow.bytes = 0;
        aggregatesEmitted++;
        sink.onAggregate(flow.key, aggregate);
    }
}
