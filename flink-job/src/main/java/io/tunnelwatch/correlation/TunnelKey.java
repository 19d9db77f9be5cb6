package io.tunnelwatch.correlation;

import java.util.Optional;

/**
 * The pair of addresses a tunnel runs between, independent of direction (lower address first), so
 * both directions of every packet land on the same key. Which end is the gateway is decided inside
 * the state machine, since without configuration it is only learned from the traffic.
 */
public record TunnelKey(IpAddress lower, IpAddress higher) implements Comparable<TunnelKey> {

    public TunnelKey {
        if (lower.compareTo(higher) > 0) {
            throw new IllegalArgumentException("lower address " + lower + " sorts after " + higher);
        }
    }

    public static TunnelKey of(IpAddress a, IpAddress b) {
        return a.compareTo(b) <= 0 ? new TunnelKey(a, b) : new TunnelKey(b, a);
    }

    /**
     * The key a fact is correlated under, or empty when it is to be ignored: with configured gateways,
     * traffic that does not have exactly one end in the list; NAT-T keepalives; a packet to itself.
     */
    public static Optional<TunnelKey> forPacket(PacketFact fact, CorrelationConfig config) {
        if (fact.kind() == PacketKind.NATT_KEEPALIVE) {
            return Optional.empty();
        }
        IpAddress src = fact.src();
        IpAddress dst = fact.dst();
        if (src.equals(dst)) {
            return Optional.empty();
        }
        if (config.hasGateways() && config.isGateway(src) == config.isGateway(dst)) {
            return Optional.empty();
        }
        return Optional.of(of(src, dst));
    }

    @Override
    public int compareTo(TunnelKey other) {
        int byLower = lower.compareTo(other.lower);
        return byLower != 0 ? byLower : higher.compareTo(other.higher);
    }

    /** Stable across JVMs (Flink assigns key groups from it). */
    @Override
    public int hashCode() {
        return 31 * lower.hashCode() + higher.hashCode();
    }

    @Override
    public String toString() {
        return lower + "<->" + higher;
    }
}
