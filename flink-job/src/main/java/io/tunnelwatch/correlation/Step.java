package io.tunnelwatch.correlation;

import java.util.ArrayList;
import java.util.List;

/** One transition in the making: the configuration, the state being built (a copy) and the outputs. */
final class Step {
    final CorrelationConfig config;
    final TunnelState state;
    final List<CorrelationOutput> outputs = new ArrayList<>(2);

    Step(CorrelationConfig config, TunnelState state) {
        this.config = config;
        this.state = state;
    }

    void emit(CorrelationOutput output) {
        outputs.add(output);
    }

    Transition finish() {
        return new Transition(state, state.nextDeadlineMicros(config), outputs);
    }
}
