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
        PacketFact fact = packet.fact();
        // Configured gateways exclude traffic with not exactly one end in the list; so do keepalives.
        if (fact == null || TunnelKey.forPacket(fact, config).isEmpty()) {
            return unchanged(state, current, site);
        }
        return step(machine().onPacket(current, fact), site);
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
            return unchanged(state, state.tunnel(), state.site());
        }
        return step(machine().onDropReport(state.tunnel(), report), state.site());
    }

    /**
     * Nothing happened to the key: the same state and deadline, and the same tracked object when there is
     * one (the step of nearly every drop report, and of packets the correlation ignores).
     */
    private PolicyStep<TrackedTunnel> unchanged(TrackedTunnel state, TunnelState current, String site) {
        if (current.isEmpty()) {
            return PolicyStep.idle(List.of());
        }
        TrackedTunnel same = state != null ? state : new TrackedTunnel(current, site);
        return new PolicyStep<>(same, deadlines(current.nextDeadlineMicros(config)), List.of());
    }

    private PolicyStep<TrackedTunnel> step(Transition transition, String site) {
        List<TunnelOutput> outputs = outputs(transition.outputs(), site);
        if (transition.isEmpty()) {
            return PolicyStep.idle(outputs);
        }
        return new PolicyStep<>(new TrackedTunnel(transition.state(), site), deadlines(transition.timerMicros()),
                outputs);
    }

    /** Most steps emit nothing; those need no list of their own. */
    private static List<TunnelOutput> outputs(List<CorrelationOutput> outputs, String site) {
        if (outputs.isEmpty()) {
            return List.of();
        }
        List<TunnelOutput> converted = new ArrayList<>(outputs.size());
        for (CorrelationOutput output : outputs) {
            converted.add(EcsJson.toOutput(output, site));
        }
        return List.copyOf(converted);
    }

    private static List<Long> deadlines(long timerMicros) {
        return timerMicros == Transition.NO_TIMER ? List.of() : List.of(timerMicros);
    }

    private TunnelStateMachine machine() {
        if (machine == null) {
            machine = new TunnelStateMachine(config);
        }
        return machine;
    }
}
