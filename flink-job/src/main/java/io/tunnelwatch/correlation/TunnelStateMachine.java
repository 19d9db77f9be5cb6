package io.tunnelwatch.correlation;

import java.util.List;

/**
 * The correlation of one tunnel key as pure functions: {@code (state, fact) → transition} and
 * {@code (state, time) → transition}. Nothing here keeps state between calls or knows about Flink;
 * an adapter stores {@link Transition#state()}, sets the one timer {@link Transition#timerMicros()},
 * and clears both when {@link Transition#isEmpty()}.
 *
 * <p>Facts of a key must arrive in event-time order (ties by capture sequence), as
 * {@link EventTimeDriver} releases them. A fact later than a pending deadline first fires that
 * deadline, so a late-called timer can never change a verdict: an event exactly at a deadline is
 * in time, a timer fires only once event time has passed its deadline.
 */
public final class TunnelStateMachine {

    private final CorrelationConfig config;

    public TunnelStateMachine(CorrelationConfig config) {
        this.config = config;
    }

    public CorrelationConfig config() {
        return config;
    }

    /** One packet (or aggregate) of the key. */
    public Transition onPacket(TunnelState state, PacketFact fact) {
        Step step = new Step(config, state.copy());
        expire(step, fact.tsMicros() - 1);
        Roles.Side sender = Roles.sender(step, fact);
        if (sender != Roles.Side.UNKNOWN) {
            boolean fromClient = sender == Roles.Side.CLIENT;
            switch (fact.kind()) {
                case TCP -> Connectivity.onSegment(step, fact, fromClient);
                case IKE -> PolicyActivation.onMessage(step, fact, fromClient);
                case ESP -> NetworkVerification.onEsp(step, fact, fromClient);
                case NATT_KEEPALIVE -> {
                    // Keeps a NAT mapping open; says nothing about the tunnel.
                }
            }
        }
        if (step.state.agentId == null && !step.state.isEmpty()) {
            step.state.agentId = fact.agentId();
        }
        return step.finish();
    }

    /**
     * Event time has reached {@code timeMicros} (every fact up to it has been applied): fires every
     * deadline at or before it, each stamped at its own nominal deadline.
     */
    public Transition onTimer(TunnelState state, long timeMicros) {
        Step step = new Step(config, state.copy());
        expire(step, timeMicros);
        return step.finish();
    }

    /**
     * The bounded input ended: every pending timer fires at its nominal deadline, so an attempt still
     * waiting is judged as if its timeout had expired and timestamps do not depend on the capture's end.
     */
    public Transition onEndOfInput(TunnelState state) {
        return onTimer(state, Long.MAX_VALUE - 1);
    }

    /**
     * The key's agent reported its cumulative capture-drop counters. Drops between two reports inside
     * a running attempt make its verdict inconclusive. Call it, in event-time order with the facts, for
     * every non-empty key, and once right after a key's first fact with the agent's latest report (that
     * sets the baseline the next report is compared with).
     */
    public Transition onDropReport(TunnelState state, DropReport report) {
        if (state.isEmpty() || !report.agentId().equals(state.agentId)) {
            return new Transition(state, state.nextDeadlineMicros(config), List.of());
        }
        Step step = new Step(config, state.copy());
        expire(step, report.captureClockMicros() - 1);
        TunnelState next = step.state;
        long total = report.totalDrops();
        if (next.attempt != null && next.lastDropCounter >= 0) {
            // Counters restart from zero when the agent restarts.
            next.attempt.drops += total >= next.lastDropCounter ? total - next.lastDropCounter : total;
        }
        if (!next.isEmpty()) {
            next.lastDropCounter = total;
        }
        return step.finish();
    }

    /** Fires deadlines in order; each firing ends a connection, an attempt, a session or the memory. */
    private void expire(Step step, long upToMicros) {
        long deadline = Deadlines.next(step.state, config);
        while (deadline <= upToMicros) {
            fire(step, deadline);
            deadline = Deadlines.next(step.state, config);
        }
    }

    private void fire(Step step, long deadline) {
        TunnelState state = step.state;
        if (Deadlines.attempt(state, config) == deadline) {
            Lifecycle.timeOut(step, deadline);
        } else if (Deadlines.sessionIdle(state, config) == deadline) {
            Lifecycle.close(step, deadline);
        } else {
            state.forget();
        }
    }
}
