package io.tunnelwatch.job;

/** Which topic an output goes to. */
public enum OutputKind {
    /** A failed attempt: the alerts topic. */
    ALERT,
    /** Tunnel established, closed (and the placeholder's tunnel-seen): the tunnel-events topic. */
    TUNNEL_EVENT
}
