package io.tunnelwatch.job;

import io.tunnelwatch.correlation.CorrelationConfig;
import io.tunnelwatch.correlation.CorrelationOutput;
import io.tunnelwatch.correlation.DropReport;
import io.tunnelwatch.correlation.PacketFact;
import io.tunnelwatch.correlation.Transition;
import io.tunnelwatch.correlation.TunnelKey;
import io.tunnelwatch.correlation.TunnelState;
import io.tunnelwatch.correlation.TunnelStateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contract's state machine ({@link TunnelStateMachine}) as the job's {@link TunnelPolicy}: the
 * only glue between the pure core and the Flink adapter. Emptied state becomes null, so the
 * adapter forgets the key with its timers. The site of the agent that saw the key first is kept
 * beside the state, so that alerts and events emitted at a deadline carry it too.
 */
public final class StateMachinePolicy implements TunnelPolicy<TrackedTunnel> {
    private static final long serialVersionUID = 1L;

    private final CorrelationConfig config;
    private transient TunnelStateMachine machine;

    public StateMachinePolicy(CorrelationConfig config) {
        this.config = config;
    }

    @Override
    public PolicyStep<TrackedTunnel> onPacket(TrackedTunnel state, TunnelPacket packet) {
        TunnelState current = state == null ? TunnelState.empty() : state.tunnel();
        String site = state == null ? packet.site().intern() : state.site();
        Optional<PacketFact> fact = PacketFacts.from(packet);
        // Configured gateways exclude traffic with not exactly one end in the list; so do keepalives.
        if (fact.isEmpty() || TunnelKey.forPacket(fact.get(), config).isEmpty()) {
            return step(new Transition(current, current.nextDeadlineMicros(config), List.of()), site);
        }
        return step(machine().onPacket(current, fact.get()), site);
    }

    @Override
    public PolicyStep<TrackedTunnel> onDeadline(TrackedTunnel state, long deadlineMicros) {
        return step(machine().onTimer(state.tunnel(), deadlineMicros), state.site());
    }

    /** The state machine's one timer is always derivable from its state. */
    @Override
    public long[] deadlinesOf(TrackedTunnel state) {
        long deadline = state.tunnel().nextDeadlineMicros(config);
        return deadline == Transition.NO_TIMER ? new long[0] : new long[] {deadline};
    }

    @Override
    public String captureAgent(TrackedTunnel state) {
        return state == null ? null : state.tunnel().agentId();
    }

    @Override
    public PolicyStep<TrackedTunnel> onCaptureLoss(TrackedTunnel state, DropReport report) {
        if (report.totalDrops() == state.tunnel().lastDropCounter()) {
            // Nothing lost since the last report this key saw: the same state, without a copy.
            TunnelState same = state.tunnel();
            return step(new Transition(same, same.nextDeadlineMicros(config), List.of()), state.site());
        }
        return step(machine().onDropReport(state.tunnel(), report), state.site());
    }

    private PolicyStep<TrackedTunnel> step(Transition transition, String site) {
        List<TunnelOutput> outputs = new ArrayList<>(transition.outputs().size());
        for (CorrelationOutput output : transition.outputs()) {
            outputs.add(EcsJson.toOutput(output, site));
        }
        if (transition.isEmpty()) {
            return PolicyStep.idle(outputs);
        }
        List<Long> deadlines = transition.hasTimer() ? List.of(transition.timerMicros()) : List.of();
        return new PolicyStep<>(new TrackedTunnel(transition.state(), site), deadlines, outputs);
    }

    private TunnelStateMachine machine() {
        if (machine == null) {
            machine = new TunnelStateMachine(config);
        }
        return machine;
    }
}
