package io.tunnelwatch.agent.config;

import java.util.List;

/**
 * The ports a VPN attempt travels on. TLS ports are configurable (QuickVPN uses 443 and 60443); IKE
 * (500) and NAT traversal (4500) are fixed by RFC 7296 section 2 and RFC 3948, and the decoder
 * recognises ISAKMP only there, so extra IKE ports only widen the capture filter.
 */
public record VpnPorts(List<Integer> tlsPorts, List<Integer> ikePorts, List<Integer> nattPorts) {
    public static final VpnPorts DEFAULT = new VpnPorts(List.of(443, 60443), List.of(500), List.of(4500));

    public VpnPorts {
        tlsPorts = List.copyOf(tlsPorts);
        ikePorts = List.copyOf(ikePorts);
        nattPorts = List.copyOf(nattPorts);
        for (List<Integer> ports : List.of(tlsPorts, ikePorts, nattPorts)) {
            for (int port : ports) {
                if (port < 1 || port > 65535) {
                    throw new ConfigException("bad port " + port + ": must be 1-65535");
                }
            }
        }
    }

    public boolean isTlsPort(int port) {
        return tlsPorts.contains(port);
    }
}
