package io.tunnelwatch.synth.scenario;

import io.tunnelwatch.synth.packet.Host;

/**
 * What to generate for one tunnel key: the scenario, the two ends, when it starts, how much ESP its established
 * session carries and how it is spread in time, and the seed of its own random stream (so tunnels never depend
 * on each other's draws).
 */
public record TunnelPlan(Scenario scenario, Host client, Host gateway, long startMicros, int sessionEspPackets,
                         EspTraffic espTraffic, long seed) {

    /** A plan with interactive ESP, as the bundled samples have. */
    public TunnelPlan(Scenario scenario, Host client, Host gateway, long startMicros, int sessionEspPackets,
                      long seed) {
        this(scenario, client, gateway, startMicros, sessionEspPackets, EspTraffic.INTERACTIVE, seed);
    }
}
