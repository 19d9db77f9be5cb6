package io.tunnelwatch.job;

import io.tunnelwatch.correlation.CorrelationConfig;
import io.tunnelwatch.correlation.CorrelationOutput;
import io.tunnelwatch.correlation.PacketFact;
import io.tunnelwatch.correlation.Transition;
import io.tunnelwatch.correlation.TunnelState;
import io.tunnelwatch.correlation.TunnelStateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contract's state machine ({@link TunnelStateMachine}) as the job's {@link TunnelPolicy}: the
 * only glue between the pure core and the Flink adapter. Emptied state becomes null, so the
 * adapter forgets the key with its timers.
 */
public final class StateMachinePolicy implements TunnelPolicy<TunnelState> {
    private static final long serialVersionUID = 1L;

    private final CorrelationConfig config;
    private transient TunnelStateMachine machine;

    public StateMachinePolicy(CorrelationConfig config) {
        this.config = config;
    }

    @Override
    public PolicyStep<TunnelState> onPacket(TunnelState state, TunnelPacket packet) {
        Optional<PacketFact> fact = PacketFacts.from(packet);
        TunnelState current = state == null ? TunnelState.empty() : state;
        if (fact.isEmpty()) {
            return step(new Transition(current, current.nextDeadlineMicros(config), List.of()), packet.site());
        }
        return step(machine().onPacket(current, fact.get()), packet.site());
    }

    @Override
    public PolicyStep<TunnelState> onDeadline(TunnelState state, long deadlineMicros) {
        TunnelState current = state == null ? TunnelState.empty() : state;
        return step(machine().onTimer(current, deadlineMicros), "");
    }

    private PolicyStep<TunnelState> step(Transition transition, String site) {
        List<TunnelOutput> outputs = new ArrayList<>(transition.outputs().size());
        for (CorrelationOutput output : transition.outputs()) {
            outputs.add(EcsJson.toOutput(output, site));
        }
        if (transition.isEmpty()) {
            return PolicyStep.idle(outputs);
        }
        List<Long> deadlines = transition.hasTimer() ? List.of(transition.timerMicros()) : List.of();
        return new PolicyStep<>(transition.state(), deadlines, outputs);
    }

    private TunnelStateMachine machine() {
        if (machine == null) {
            machine = new TunnelStateMachine(config);
        }
        return machine;
    }
}
