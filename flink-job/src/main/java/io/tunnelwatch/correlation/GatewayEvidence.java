package io.tunnelwatch.correlation;

/** How sure the state machine is about which end of a key is the gateway. */
enum GatewayEvidence {
    /** Nothing seen yet that tells the roles apart. */
    NONE,
    /** The TLS server side of a VPN port: a guess, since that may be any web server. */
    TLS_SERVER,
    /** Configured, an IKE responder, or a TLS server with IKE following: a VPN gateway for sure. */
    KNOWN
}
