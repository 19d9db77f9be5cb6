package io.tunnelwatch.synth.scenario;

/** The three stages of a remote-access VPN attempt, spelled as the correlation contract spells them. */
public enum AttemptStage {
    CONNECTIVITY,
    POLICY_ACTIVATION,
    NETWORK_VERIFICATION
}
