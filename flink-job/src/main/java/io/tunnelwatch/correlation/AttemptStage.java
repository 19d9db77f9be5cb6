package io.tunnelwatch.correlation;

/** The three steps of a remote-access VPN connection; every alert names one. */
public enum AttemptStage {
    /** HTTPS (TLS over TCP 443/60443) to the gateway: login and policy download. */
    CONNECTIVITY,
    /** ISAKMP/IKE phase 1 and phase 2. */
    POLICY_ACTIVATION,
    /** ESP both ways: the client reaches the LAN. */
    NETWORK_VERIFICATION
}
