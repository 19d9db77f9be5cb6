package io.tunnelwatch.job;

import io.tunnelwatch.correlation.TunnelState;

/**
 * What the job keeps per tracked tunnel key: the correlation's state, and the site label of the
 * agent that saw the tunnel first (the {@code tw.site} header), so that outputs emitted at a deadline,
 * when no packet is at hand, still carry it. The site strings are shared between keys.
 *
 * @param tunnel the state machine's state of the key, never empty
 * @param site   the observing agent's site label; empty when the agent sent none
 */
public record TrackedTunnel(TunnelState tunnel, String site) {

    public TrackedTunnel {
        if (tunnel == null || site == null) {
            throw new IllegalArgumentException("a tracked tunnel needs a state and a site (maybe empty)");
        }
    }
}
