package io.tunnelwatch.correlation;

/** What the correlation emits: one alert per failed attempt, and the tunnel's lifecycle events. */
public sealed interface CorrelationOutput permits HandshakeAlert, TunnelEstablished, TunnelClosed {

    /** Event time of the verdict or event ({@code @timestamp}). */
    long timestampMicros();

    TunnelEndpoints tunnel();

    /** The agent that saw the tunnel. */
    String observer();
}
