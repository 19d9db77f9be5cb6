package io.tunnelwatch.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import io.tunnelwatch.correlation.DropReport;

/**
 * The Flink side of the correlation, one instance per tunnel key: it puts each tunnel's packets in
 * event-time order and hands them, with the policy's deadlines, to a {@link TunnelPolicy}.
 *
 * <p>Packets may arrive out of order within the watermark bound, so each one waits in keyed state
 * until the watermark passes its time; then everything that is ready is handled in
 * (capture time, capture sequence) order, each deadline of the policy after the packets at or
 * before it and before those after it. That makes the result independent of arrival order.
 * A packet that arrives behind the watermark anyway (beyond the bound) is handled at once and
 * counted in {@value #LATE_PACKETS_METRIC}, never dropped.
 *
 * <p>Each key has at most one Flink timer, derived from state: at the millisecond of its earliest waiting
 * packet or of its earliest pending deadline (kept by the job only when the policy cannot derive them from
 * its state, as the state machine can), whichever comes first. The earliest waiting packet's millisecond is
 * kept beside the waiting packets, so a packet that arrives needs a new timer only when it is earlier than
 * the key's timer; when the timer fires, everything at or before the watermark is handled and one timer is
 * set for what remains. When the policy returns the tunnel to IDLE and nothing waits, no state and no timer
 * is left for the key.
 *
 * <p>At the end of a bounded input Flink sends the maximum watermark: every waiting packet is
 * handled and every deadline fires, in order, each stamped with its own deadline.
 *
 * <p>Agents' heartbeats come in broadcast (every instance sees every agent's) and are kept per agent
 * in {@link CaptureLossHistory}. Before each packet at time t (and right after a key's first packet)
 * the key's policy is given its capture agent's latest drop report with a clock before t, before a
 * deadline d the latest at or before d: the order in which the correlation core's reference driver
 * applies reports (packets before heartbeats at equal times). Since reports are cumulative, giving
 * only the latest adds up the same as giving each one; heartbeats cost no keyed state and no timer.
 *
 * @param <S> the policy's per-tunnel state
 */
public final class TunnelCorrelationFunction<S>
        extends KeyedBroadcastProcessFunction<String, TunnelPacket, AgentHeartbeat, TunnelOutput> {

    private static final long serialVersionUID = 1L;

    public static final String LATE_PACKETS_METRIC = "tunnelwatch_late_packets";

    /** No waiting packet or no deadline: later than any time, so never the key's timer. */
    private static final long NO_TIME = Long.MAX_VALUE;
    private static final long[] NO_DEADLINES = new long[0];

    /** Per agent id, its recent drop reports ({@link CaptureLossHistory}). */
    public static final MapStateDescriptor<String, long[]> CAPTURE_LOSS = new MapStateDescriptor<>(
            "capture-loss", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);

    private final TunnelPolicy<S> policy;
    private final TypeInformation<S> stateType;

    private transient ValueState<S> tunnelState;
    private transient ValueState<long[]> deadlines;
    private transient ListState<TunnelPacket> waiting;
    /** The millisecond of the earliest waiting packet: set exactly while packets wait. */
    private transient ValueState<Long> earliestWaiting;
    private transient Counter latePackets;

    public TunnelCorrelationFunction(TunnelPolicy<S> policy, TypeInformation<S> stateType) {
        this.policy = policy;
        this.stateType = stateType;
    }

    @Override
    public void open(OpenContext openContext) {
        tunnelState = getRuntimeContext().getState(new ValueStateDescriptor<>("tunnel", stateType));
        deadlines = getRuntimeContext().getState(
                new ValueStateDescriptor<>("deadlines", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        waiting = getRuntimeContext().getListState(
                new ListStateDescriptor<>("waiting", TypeInformation.of(TunnelPacket.class)));
        earliestWaiting = getRuntimeContext().getState(new ValueStateDescriptor<>("earliest-waiting", Types.LONG));
        latePackets = getRuntimeContext().getMetricGroup().counter(LATE_PACKETS_METRIC);
    }

    @Override
    public void processElement(TunnelPacket packet, ReadOnlyContext ctx, Collector<TunnelOutput> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (packet.eventTimeMillis() > watermark) {
            await(packet, ctx.timerService());
        } else {
            latePackets.inc();
            waiting.add(packet);
            handleReady(watermark, ctx.timerService(), ctx.getBroadcastState(CAPTURE_LOSS), out);
        }
    }

    @Override
    public void processBroadcastElement(AgentHeartbeat heartbeat, Context ctx, Collector<TunnelOutput> out)
            throws Exception {
        var losses = ctx.getBroadcastState(CAPTURE_LOSS);
        long watermarkMicros = ctx.currentWatermark() == Long.MIN_VALUE ? Long.MIN_VALUE
                : ctx.currentWatermark() * 1000L + 999L;
        losses.put(heartbeat.agentId(), CaptureLossHistory.add(losses.get(heartbeat.agentId()), heartbeat, watermarkMicros));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TunnelOutput> out) throws Exception {
        handleReady(ctx.timerService().currentWatermark(), ctx.timerService(), ctx.getBroadcastState(CAPTURE_LOSS), out);
    }

    /**
     * Puts a packet after the watermark in the waiting list. Most packets of a key come after its earliest
     * waiting one and need nothing more; an earlier one moves the key's timer to its millisecond.
     */
    private void await(TunnelPacket packet, TimerService timers) throws Exception {
        waiting.add(packet);
        long at = packet.eventTimeMillis();
        Long earliest = earliestWaiting.value();
        if (earliest != null && earliest <= at) {
            return;
        }
        earliestWaiting.update(at);
        long timerBefore = timerTime(earliest == null ? NO_TIME : earliest, pendingDeadlines(tunnelState.value()));
        if (at < timerBefore) {
            if (timerBefore != NO_TIME) {
                timers.deleteEventTimeTimer(timerBefore);
            }
            timers.registerEventTimeTimer(at);
        }
    }

    /** Handles every packet and deadline at or before the watermark, in event-time order. */
    private void handleReady(long watermark, TimerService timers, ReadOnlyBroadcastState<String, long[]> losses,
                             Collector<TunnelOutput> out) throws Exception {
        List<TunnelPacket> packets = waitingPackets();
        S stored = tunnelState.value();
        S state = stored;
        long[] derived = state == null ? null : policy.deadlinesOf(state);
        boolean deadlinesStored = derived == null;
        long[] pending = sorted(derived != null ? derived : storedDeadlines());
        Long earliest = earliestWaiting.value();
        // The key's one timer; it has fired already when it is at or before the watermark.
        long timerBefore = timerTime(earliest == null ? NO_TIME : earliest, pending);

        if (!inEventOrder(packets)) {
            packets.sort(TunnelPacket.EVENT_ORDER);
        }
        int notYet = 0;
        while (notYet < packets.size() && packets.get(notYet).eventTimeMillis() <= watermark) {
            notYet++;
        }
        int next = 0;
        while (true) {
            TunnelPacket nextPacket = next < notYet ? packets.get(next) : null;
            boolean deadlineDue = pending.length > 0 && millis(pending[0]) <= watermark;
            if (deadlineDue && (nextPacket == null || pending[0] < nextPacket.tsMicros())) {
                long deadline = pending[0];
                PolicyStep<S> loss = captureLoss(state, deadline + 1, losses, out);
                if (loss != null) {
                    state = loss.nextState();
                    pending = sorted(loss.deadlinesMicros());
                    if (state == null || pending.length == 0 || pending[0] != deadline) {
                        continue; // the report settled the deadline itself
                    }
                }
                PolicyStep<S> step = policy.onDeadline(state, deadline);
                rejectRearmed(step, deadline);
                state = step.nextState();
                pending = sorted(step.deadlinesMicros());
                emit(step, out);
            } else if (nextPacket != null) {
                PolicyStep<S> loss = captureLoss(state, nextPacket.tsMicros(), losses, out);
                if (loss != null) {
                    state = loss.nextState();
                }
                boolean firstPacket = state == null;
                PolicyStep<S> step = policy.onPacket(state, nextPacket);
                next++;
                state = step.nextState();
                pending = sorted(step.deadlinesMicros());
                emit(step, out);
                if (firstPacket && state != null) {
                    // The key's baseline: what its agent had lost before the key was first seen.
                    PolicyStep<S> baseline = captureLoss(state, nextPacket.tsMicros(), losses, out);
                    if (baseline != null) {
                        state = baseline.nextState();
                        pending = sorted(baseline.deadlinesMicros());
                    }
                }
            } else {
                break;
            }
        }

        List<TunnelPacket> stillWaiting = packets.subList(notYet, packets.size());
        if (state == null && stillWaiting.isEmpty()) {
            forgetTunnel();
        } else {
            if (state != stored) {
                tunnelState.update(state);
            }
            if (state != null && policy.deadlinesOf(state) == null) {
                deadlines.update(pending);
            } else if (deadlinesStored) {
                deadlines.clear();
            }
            if (notYet > 0) {
                keepWaiting(stillWaiting);
            }
        }
        long timerAfter = timerTime(stillWaiting.isEmpty() ? NO_TIME : stillWaiting.get(0).eventTimeMillis(), pending);
        if (timerAfter != timerBefore) {
            if (timerBefore != NO_TIME && timerBefore > watermark) {
                timers.deleteEventTimeTimer(timerBefore);
            }
            if (timerAfter != NO_TIME) {
                timers.registerEventTimeTimer(timerAfter);
            }
        }
    }

    /** The packets not yet handled, sorted; the earliest of them sets the key's timer. */
    private void keepWaiting(List<TunnelPacket> stillWaiting) throws Exception {
        if (stillWaiting.isEmpty()) {
            waiting.clear();
            earliestWaiting.clear();
        } else {
            waiting.update(stillWaiting); // the state backend keeps a copy, not this view
            earliestWaiting.update(stillWaiting.get(0).eventTimeMillis());
        }
    }

    /**
     * Gives the policy the key's capture agent's latest drop report before {@code beforeMicros}, and emits what
     * that produced; null when there is no report to give.
     */
    private PolicyStep<S> captureLoss(S state, long beforeMicros, ReadOnlyBroadcastState<String, long[]> losses,
                                      Collector<TunnelOutput> out) throws Exception {
        String agent = state == null ? null : policy.captureAgent(state);
        if (agent == null) {
            return null;
        }
        DropReport report = CaptureLossHistory.latestBefore(agent, losses.get(agent), beforeMicros);
        if (report == null) {
            return null;
        }
        PolicyStep<S> step = policy.onCaptureLoss(state, report);
        emit(step, out);
        return step;
    }

    private static void emit(PolicyStep<?> step, Collector<TunnelOutput> out) {
        for (TunnelOutput output : step.outputs()) {
            out.collect(output);
        }
    }

    /** The policy's pending deadlines: derived from its state when it can, else as stored. */
    private long[] pendingDeadlines(S state) throws Exception {
        long[] derived = state == null ? null : policy.deadlinesOf(state);
        return derived != null ? derived : storedDeadlines();
    }

    private long[] storedDeadlines() throws Exception {
        long[] stored = deadlines.value();
        return stored == null ? NO_DEADLINES : stored;
    }

    /** Back to IDLE with nothing waiting: the key leaves no trace. */
    private void forgetTunnel() {
        tunnelState.clear();
        deadlines.clear();
        waiting.clear();
        earliestWaiting.clear();
    }

    private List<TunnelPacket> waitingPackets() throws Exception {
        Iterable<TunnelPacket> stored = waiting.get();
        if (stored instanceof Collection<TunnelPacket> collection) {
            return new ArrayList<>(collection);
        }
        List<TunnelPacket> packets = new ArrayList<>();
        if (stored != null) {
            stored.forEach(packets::add);
        }
        return packets;
    }

    /**
     * Packets mostly arrive in capture order, so one pass that finds them in order saves the sort; written
     * out because it runs over every waiting packet of every batch.
     */
    private static boolean inEventOrder(List<TunnelPacket> packets) {
        for (int i = 1; i < packets.size(); i++) {
            TunnelPacket before = packets.get(i - 1);
            TunnelPacket after = packets.get(i);
            if (before.tsMicros() > after.tsMicros() || (before.tsMicros() == after.tsMicros()
                    && Long.compareUnsigned(before.captureSeq(), after.captureSeq()) > 0)) {
                return false;
            }
        }
        return true;
    }

    private void rejectRearmed(PolicyStep<S> step, long firedDeadline) {
        for (long deadline : step.deadlinesMicros()) {
            if (deadline <= firedDeadline) {
                throw new IllegalStateException("policy " + policy.getClass().getName() + " asked again for deadline "
                        + deadline + " when woken for " + firedDeadline + "; it would never stop firing");
            }
        }
    }

    /**
     * The key's one Flink timer: the earlier of the earliest waiting packet's millisecond and the earliest
     * pending deadline's; {@link #NO_TIME} when neither exists.
     */
    private static long timerTime(long earliestWaitingMillis, long[] pendingDeadlines) {
        long time = earliestWaitingMillis;
        for (long deadline : pendingDeadlines) {
            time = Math.min(time, millis(deadline));
        }
        return time;
    }

    /**
     * The watermark in milliseconds W says every event up to W ms + 999 µs has arrived, so a deadline
     * in microseconds has passed once W reaches its floored millisecond.
     */
    private static long millis(long micros) {
        return Math.floorDiv(micros, 1000L);
    }

    private static long[] sorted(long[] values) {
        if (values.length < 2) {
            return values;
        }
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** The deadlines of a step in order; a policy usually has none or one. */
    private static long[] sorted(List<Long> values) {
        if (values.isEmpty()) {
            return NO_DEADLINES;
        }
        long[] array = new long[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        Arrays.sort(array);
        return array;
    }
}
