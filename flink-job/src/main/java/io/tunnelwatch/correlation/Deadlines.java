package io.tunnelwatch.correlation;

/**
 * The timers of a key, all derived from its state: the running attempt's timeout, the session's idle
 * timeout, and how long an idle key's memory is kept. The key needs one timer, at the earliest.
 */
final class Deadlines {

    private Deadlines() {
    }

    static long next(TunnelState state, CorrelationConfig config) {
        return Math.min(attempt(state, config), Math.min(sessionIdle(state, config), memory(state, config)));
    }

    static long attempt(TunnelState state, CorrelationConfig config) {
        Attempt attempt = state.attempt;
        if (attempt == null) {
            return Transition.NO_TIMER;
        }
        return switch (attempt.phase) {
            case CONNECTIVITY -> {
                TlsConnection first = attempt.firstToTimeOut(config);
                yield first == null ? Transition.NO_TIMER : first.deadlineMicros(config);
            }
            case AWAITING_IKE -> attempt.phaseAnchorMicros + config.ikeStartMicros();
            case IKE_PHASE1, AWAITING_PHASE2, IKE_PHASE2 -> attempt.phaseAnchorMicros + config.ikePhaseMicros();
            case AWAITING_ESP -> attempt.phaseAnchorMicros + config.espMicros();
            case IDLE, ESTABLISHED -> Transition.NO_TIMER;
        };
    }

    /** Established and nothing flowed for idle-timeout: closed. */
    static long sessionIdle(TunnelState state, CorrelationConfig config) {
        return state.isEstablished() ? state.lastActivityMicros + config.idleMicros() : Transition.NO_TIMER;
    }

    /**
     * An idle key keeps its memory (known gateway, attempt counter, the last attempt's connections and
     * SPI) for idle-timeout after its last activity, then is forgotten so state cannot leak.
     */
    static long memory(TunnelState state, CorrelationConfig config) {
        boolean idle = state.attempt == null && !state.isEstablished();
        return idle && state.lastActivityMicros != TunnelState.NEVER
                ? state.lastActivityMicros + config.idleMicros()
                : Transition.NO_TIMER;
    }
}
