package io.tunnelwatch.correlation;

import java.util.List;

/**
 * The result of one step: the key's next state, the one timer it needs, and what to emit.
 *
 * @param timerMicros the deadline to be woken at ({@link #NO_TIMER} when none); always
 *                    {@code state.nextDeadlineMicros()}, so an adapter can delete exactly the timer it set
 */
public record Transition(TunnelState state, long timerMicros, List<CorrelationOutput> outputs) {

    public static final long NO_TIMER = Long.MAX_VALUE;

    public Transition {
        outputs = List.copyOf(outputs);
    }

    public boolean hasTimer() {
        return timerMicros != NO_TIMER;
    }

    /** The key is IDLE with nothing to remember: its state and timer can be cleared. */
    public boolean isEmpty() {
        return state.isEmpty();
    }
}
