package io.tunnelwatch.job;

/** Which topic an output goes to. */
public enum OutputKind {
    /** A failed attempt: the alerts topic. */
    ALERT,
    /** Tunnel established or closed: the tunnel-events topic. */
    TUNNEL_EVENT
}
