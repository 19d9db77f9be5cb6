package io.tunnelwatch.agent.publish;

/**
 * The kinds of data-plane traffic that are aggregated rather than published packet by packet. Each
 * flow and direction aggregates each class on its own, so an aggregate says what it counts.
 */
public enum FlowClass {
    /** ESP over IP or in UDP 4500, per SPI. */
    ESP,
    /** TCP segments on a VPN port carrying only TLS application_data records. */
    TLS_APPLICATION_DATA,
    /** TCP segments on a VPN port carrying the middle of a record that started in an earlier segment. */
    TLS_CONTINUATION,
    /** TCP segments with no payload and no SYN, FIN or RST. */
    TCP_PURE_ACK
}
