package io.tunnelwatch.correlation;

/** Who is who on a tunnel: the client (its public address after NAT) and the gateway, with ports. */
public record TunnelEndpoints(IpAddress clientIp, int clientPort, IpAddress gatewayIp, int gatewayPort) {

    /** Stable id of the tunnel key, for record keys and {@code vpn.tunnel_id}. */
    public String tunnelId() {
        return clientIp + "->" + gatewayIp;
    }
}
