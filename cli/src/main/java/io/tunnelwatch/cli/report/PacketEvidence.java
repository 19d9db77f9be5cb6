package io.tunnelwatch.cli.report;

import io.tunnelwatch.correlation.IpAddress;
import io.tunnelwatch.summary.v1.PacketSummary;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts the run's packet summaries by the tunnels that got a verdict. A summary belongs to a tunnel
 * when its two addresses are the tunnel's client and gateway, either way round; traffic of no judged
 * tunnel (HTTPS noise, a flow with no verdict) is only counted.
 */
public final class PacketEvidence {
    private final Map<String, TunnelPackets> byAddresses = new LinkedHashMap<>();
    private final Map<TunnelId, TunnelPackets> byTunnel = new LinkedHashMap<>();
    private long unmatched;

    public PacketEvidence(Collection<TunnelId> tunnels) {
        for (TunnelId tunnel : tunnels) {
            TunnelPackets packets = new TunnelPackets(tunnel);
            byTunnel.put(tunnel, packets);
            byAddresses.put(tunnel.client() + " " + tunnel.gateway(), packets);
        }
    }

    /** Adds one summary; false when it belongs to no judged tunnel (or has no readable addresses). */
    public boolean add(PacketSummary summary) {
        Optional<String> source = address(summary.getSrcIp().toByteArray());
        Optional<String> destination = address(summary.getDstIp().toByteArray());
        if (source.isEmpty() || destination.isEmpty()) {
            unmatched++;
            return false;
        }
        TunnelPackets fromClient = byAddresses.get(source.get() + " " + destination.get());
        TunnelPackets toClient = byAddresses.get(destination.get() + " " + source.get());
        if (fromClient == null && toClient == null) {
            unmatched++;
            return false;
        }
        TunnelPackets tunnel = fromClient != null ? fromClient : toClient;
        tunnel.add(PacketRow.of(summary, fromClient != null));
        return true;
    }

    public TunnelPackets of(TunnelId tunnel) {
        return byTunnel.get(tunnel);
    }

    /** Summaries of traffic that belongs to no tunnel with a verdict. */
    public long unmatched() {
        return unmatched;
    }

    private static Optional<String> address(byte[] bytes) {
        if (bytes.length != 4 && bytes.length != 16) {
            return Optional.empty();
        }
        return Optional.of(IpAddress.ofBytes(bytes).toString());
    }
}
