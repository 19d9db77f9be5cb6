package io.tunnelwatch.correlation;

/**
 * One failed attempt: the stage it reached, why it failed, and the evidence.
 *
 * @param timestampMicros  the verdict's event time (the failing packet, or the timer's nominal deadline)
 * @param attempt          attempts started on the key since it was last established (or first seen), from 1
 * @param rekey            the attempt was a phase-1 negotiation on an established tunnel
 * @param eventStartMicros the attempt's first packet
 * @param inconclusive     the capture lost packets during the attempt: the verdict may be the capture's fault
 * @param capturedDrops    packets the agent reported lost during the attempt
 * @param description      one sentence for {@code event.reason}
 */
public record HandshakeAlert(
        long timestampMicros,
        TunnelEndpoints tunnel,
        String observer,
        AttemptStage stage,
        FailureReason reason,
        int attempt,
        boolean rekey,
        long eventStartMicros,
        boolean inconclusive,
        long capturedDrops,
        AlertEvidence evidence,
        String description) implements CorrelationOutput {

    public long eventEndMicros() {
        return timestampMicros;
    }
}
