package io.tunnelwatch.agent.config;

import java.util.List;
import java.util.Optional;

/**
 * A live capture: interfaces, what to capture and how libpcap buffers it.
 *
 * @param filterOverride a BPF expression replacing the one built from gateways and ports
 * @param snaplen        bytes kept per packet: enough for link, IP, TCP/UDP and the VPN headers
 * @param bufferBytes    kernel capture buffer per interface
 */
public record CaptureConfig(AgentConfig agent, List<String> interfaces, List<Cidr> gateways,
                            Optional<String> filterOverride, int snaplen, int bufferBytes, boolean promiscuous) {
    public static final int DEFAULT_SNAPLEN = 256;
    /** Absorbs the capture thread being descheduled for a moment at 80 k packets/s on 2 busy cores (docs/benchmarks.md). */
    public static final int DEFAULT_BUFFER_BYTES = 64 * 1024 * 1024;

    public CaptureConfig {
        interfaces = List.copyOf(interfaces);
        gateways = List.copyOf(gateways);
    }
}
