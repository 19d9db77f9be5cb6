package io.tunnelwatch.agent.publish;

import java.util.HashMap;
import java.util.Map;

/**
 * Data-plane volume reduction: the first packet of a flow (one direction of ESP, TLS application
 * data or pure ACKs) is published at once, the following ones are counted into at most one
 * {@link FlowAggregate} per interval. Kafka traffic then grows with the number of flows, not with
 * tunnel bandwidth, while the job still sees every direction start at the packet's own time.
 *
 * <p>Windows are anchored at the first packet: a flow published at {@code t0} absorbs packets in
 * {@code [t0, t0+interval)}, emits them when its clock passes {@code t0+interval}, and goes on in
 * steps of one interval. A window without packets ends the flow, so the next packet after a pause is
 * published at once again. Time is whatever clock the caller drives it with (the capture clock), so a
 * replay gives the same aggregates at any speed.
 *
 * <p>Nothing is ever lost: evicting a flow (too many at once) and {@link #flush()} emit what it held.
 * Not thread-safe: one capture thread drives it (callers serialise timer ticks with the same lock).
 *
 * @param <K> flow identity (addresses, ports, direction, kind); needs equals/hashCode
 */
public final class FlowAggregator<K> {

    /** Receives each aggregate when its window closes, is evicted or flushed. */
    @FunctionalInterface
    public interface AggregateSink<K> {
        void onAggregate(K flow, FlowAggregate aggregate);
    }

    private final long intervalMicros;
    private final int maxFlows;
    private final AggregateSink<K> sink;
    private final Map<K, FlowWindow<K>> flows = new HashMap<>();
    /** Flows by the end of their current window: the head is the next to close. */
    private final FlowWindowQueue<K> byWindowEnd = new FlowWindowQueue<>();
    private long nextOrder;
    private long clockMicros = Long.MIN_VALUE;

    private long packetsAbsorbed;
    private long aggregatesEmitted;
    private long evictions;

    public FlowAggregator(AggregationPolicy policy, AggregateSink<K> sink) {
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
        FlowWindow<K> state = flows.get(flow);
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
        while (!byWindowEnd.isEmpty() && byWindowEnd.peek().windowEnd <= nowMicros) {
            FlowWindow<K> closing = byWindowEnd.poll();
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
                byWindowEnd.offer(closing);
            }
        }
    }

    /** Emits every pending aggregate and forgets all flows: end of a file, or the agent stopping. */
    public void flush() {
        byWindowEnd.forEachInOrder(flow -> {
            if (flow.packets > 0) {
                emit(flow);
            }
        });
        byWindowEnd.clear();
        flows.clear();
    }

    /**
     * A lower bound of the capture time of every packet still held back ({@link Long#MAX_VALUE} when
     * nothing is): a heartbeat must not claim a clock past a summary that is yet to be published.
     */
    public long earliestHeldBackMicros() {
        return byWindowEnd.isEmpty() ? Long.MAX_VALUE : byWindowEnd.peek().windowEnd - intervalMicros;
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
        FlowWindow<K> state = new FlowWindow<>(key, nextOrder++, clockMicros + intervalMicros);
        flows.put(key, state);
        byWindowEnd.offer(state);
    }

    private void evictNextToClose() {
        FlowWindow<K> victim = byWindowEnd.poll();
        flows.remove(victim.key);
        evictions++;
        if (victim.packets > 0) {
            emit(victim);
        }
    }

    private void absorb(FlowWindow<K> state, long tsMicros, long captureSeq, long bytes) {
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

    private void emit(FlowWindow<K> flow) {
        FlowAggregate aggregate = new FlowAggregate(flow.packets, flow.bytes, flow.firstMicros, flow.lastMicros, flow.firstSeq);
        flow.packets = 0;
        flow.bytes = 0;
        aggregatesEmitted++;
        sink.onAggregate(flow.key, aggregate);
    }
}
