package io.tunnelwatch.correlation;

/**
 * Nothing flowed for idle-timeout: the tunnel is gone. Stamped last activity + idle-timeout.
 *
 * @param durationMicros last activity − established
 */
public record TunnelClosed(long timestampMicros, TunnelEndpoints tunnel, String observer,
                           long establishedAtMicros, long lastActivityMicros, long durationMicros,
                           long espPacketsClientToGateway, long espBytesClientToGateway,
                           long espPacketsGatewayToClient, long espBytesGatewayToClient)
        implements CorrelationOutput {
}
