package io.tunnelwatch.job;

import java.util.List;

/**
 * What a {@link TunnelPolicy} decided about one packet or one deadline.
 *
 * @param nextState       the tunnel's state from now on; {@code null} means the tunnel is IDLE again,
 *                        and then the job forgets it entirely (state and timers)
 * @param deadlinesMicros every deadline still pending in {@code nextState} (the complete set, not a
 *                        change): the job wakes the policy once event time passes each of them.
 *                        Must be empty when {@code nextState} is null.
 * @param outputs         alerts and events to emit, in order
 */
public record PolicyStep<S>(S nextState, List<Long> deadlinesMicros, List<TunnelOutput> outputs) {

    public PolicyStep {
        deadlinesMicros = List.copyOf(deadlinesMicros);
        outputs = List.copyOf(outputs);
        if (nextState == null && !deadlinesMicros.isEmpty()) {
            throw new IllegalArgumentException("an IDLE tunnel (null state) cannot keep deadlines " + deadlinesMicros);
        }
    }

    /** Back to IDLE, after emitting {@code outputs}. */
    public static <S> PolicyStep<S> idle(List<TunnelOutput> outputs) {
        return new PolicyStep<>(null, List.of(), outputs);
    }
}
