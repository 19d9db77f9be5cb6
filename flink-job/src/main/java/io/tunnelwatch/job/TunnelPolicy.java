package io.tunnelwatch.job;

import java.io.Serializable;

import io.tunnelwatch.correlation.DropReport;

/**
 * The correlation of one tunnel as the job sees it: a pure, deterministic transition function over
 * state {@code S}. {@link TunnelCorrelationFunction} calls it in event-time order, packets in
 * (capture time, capture sequence) order, a deadline only after every packet at or before it; it
 * stores the state, sets the timers and emits the outputs. No Flink type reaches the policy.
 *
 * <p>Implementations must be serializable (Flink ships them to the task managers) and must not
 * keep mutable fields: all memory of a tunnel is in {@code S}.
 *
 * @param <S> the state of one tunnel; stored in Flink keyed state with the type information given to
 *            {@link TunnelCorrelationFunction}, so a record of plain fields is best
 */
public interface TunnelPolicy<S> extends Serializable {

    /**
     * One packet of the tunnel.
     *
     * @param state null when the tunnel is IDLE (never seen, or forgotten after going back to IDLE)
     */
    PolicyStep<S> onPacket(S state, TunnelPacket packet);

    /**
     * Event time passed {@code deadlineMicros}, one of the deadlines of the last step. A step returned
     * from here must not ask again for a deadline at or before {@code deadlineMicros}.
     */
    PolicyStep<S> onDeadline(S state, long deadlineMicros);

    /**
     * The capture agent whose drop counters speak for this tunnel, or null when capture loss does not
     * matter to the policy (then {@link #onCaptureLoss} is never called).
     */
    default String captureAgent(S state) {
        return null;
    }

    /**
     * The {@link #captureAgent} reported its cumulative drop counters at a capture clock before the next
     * packet or deadline. Called in event-time order with packets and deadlines.
     */
    default PolicyStep<S> onCaptureLoss(S state, DropReport report) {
        throw new UnsupportedOperationException(getClass().getName() + " names a capture agent but ignores its losses");
    }

    /**
     * The deadlines pending in {@code state} (those of the step that produced it), when the policy can
     * derive them from the state: then the job keeps no copy of them per key. Null: the job stores them.
     */
    default long[] deadlinesOf(S state) {
        return null;
    }
}
