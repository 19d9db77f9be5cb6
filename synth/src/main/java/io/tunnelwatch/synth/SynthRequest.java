package io.tunnelwatch.synth;

import io.tunnelwatch.synth.pcap.CaptureFormat;
import io.tunnelwatch.synth.scenario.EspTraffic;
import io.tunnelwatch.synth.scenario.Scenario;

import java.nio.file.Path;

/**
 * One validated synth run: what to generate and where.
 *
 * @param scenario          the scenario, or null for a mix
 * @param seedTrace         write the reconstructed seed trace instead (scenario, tunnels, seed are then unused)
 * @param sessionEspPackets mean ESP packets per established session
 * @param espTraffic        how the sessions' ESP is spread in time
 * @param format            capture file format
 */
public record SynthRequest(Scenario scenario, boolean seedTrace, int tunnels, long seed, int sessionEspPackets,
                           EspTraffic espTraffic, CaptureFormat format, Path out) {

    public SynthRequest {
        if (tunnels < 1) {
            throw new IllegalArgumentException("--tunnels must be at least 1, got " + tunnels);
        }
        if (sessionEspPackets < 2) {
            throw new IllegalArgumentException("--esp-packets must be at least 2, got " + sessionEspPackets);
        }
    }

    public Path expectedOut() {
        return out.resolveSibling(out.getFileName() + SynthCommand.EXPECTED_SUFFIX);
    }
}
