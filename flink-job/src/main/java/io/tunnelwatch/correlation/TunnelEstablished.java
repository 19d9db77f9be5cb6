package io.tunnelwatch.correlation;

/**
 * ESP flowed both ways: the tunnel is up (an event, not an alert).
 *
 * @param attempt           the attempt that succeeded; 0 for a mid-session pickup
 * @param midSessionPickup  established from ESP alone (the capture began after the handshake, or the
 *                          tunnel recovered after a failure)
 */
public record TunnelEstablished(long timestampMicros, TunnelEndpoints tunnel, String observer, int attempt,
                                boolean midSessionPickup) implements CorrelationOutput {
}
