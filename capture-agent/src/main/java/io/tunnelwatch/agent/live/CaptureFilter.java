package io.tunnelwatch.agent.live;

import io.tunnelwatch.agent.config.Cidr;
import io.tunnelwatch.agent.config.VpnPorts;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The BPF expression that keeps only what a VPN attempt is made of: TCP on the TLS ports, UDP on the
 * IKE and NAT-T ports, ESP (IP protocol 50, IPv4 and IPv6), optionally only to and from the configured
 * gateways; the same again inside one 802.1Q tag, since branch routers often trunk.
 */
public final class CaptureFilter {
    private CaptureFilter() {}

    public static String build(VpnPorts ports, List<Cidr> gateways) {
        List<String> traffic = new ArrayList<>();
        ports.tlsPorts().forEach(port -> traffic.add("tcp port " + port));
        ports.ikePorts().forEach(port -> traffic.add("udp port " + port));
        ports.nattPorts().forEach(port -> traffic.add("udp port " + port));
        traffic.add("ip proto 50");
        traffic.add("ip6 proto 50");
        String vpn = "(" + String.join(" or ", traffic) + ")";
        String selection = gateways.isEmpty() ? vpn
                : vpn + " and (" + gateways.stream().map(Cidr::bpf).collect(Collectors.joining(" or ")) + ")";
        return "(" + selection + ") or (vlan and (" + selection + "))";
    }
}
