package io.tunnelwatch.correlation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the correlation can be told, parsed once and validated; all timeouts are event time.
 *
 * @param gateways    CIDR blocks of the VPN gateways; empty means "learn the roles from the traffic"
 * @param vpnTcpPorts TCP ports the client's HTTPS login uses (QuickVPN: 443 and 60443)
 */
public record CorrelationConfig(
        List<IpPrefix> gateways,
        Set<Integer> vpnTcpPorts,
        Duration tcpConnectTimeout,
        Duration tlsHandshakeTimeout,
        Duration ikeStartTimeout,
        Duration ikePhaseTimeout,
        Duration espTimeout,
        Duration idleTimeout) implements java.io.Serializable {

    /** Longer than any VPN login could wait; guards against a unit mistake (ms given as s). */
    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    public CorrelationConfig {
        gateways = List.copyOf(Objects.requireNonNull(gateways, "gateways"));
        Objects.requireNonNull(vpnTcpPorts, "vpnTcpPorts");
        if (vpnTcpPorts.isEmpty()) {
            throw new IllegalArgumentException("vpn-tcp-ports must name at least one port");
        }
        for (Integer port : vpnTcpPorts) {
            if (port == null || port < 1 || port > 65_535) {
                throw new IllegalArgumentException("vpn-tcp-ports: " + port + " is not a TCP port (1..65535)");
            }
        }
        vpnTcpPorts = Set.copyOf(new TreeSet<>(vpnTcpPorts));
        requirePositive("tcp-connect-timeout", tcpConnectTimeout);
        requirePositive("tls-handshake-timeout", tlsHandshakeTimeout);
        requirePositive("ike-start-timeout", ikeStartTimeout);
        requirePositive("ike-phase-timeout", ikePhaseTimeout);
        requirePositive("esp-timeout", espTimeout);
        requirePositive("idle-timeout", idleTimeout);
    }

    private static void requirePositive(String name, Duration timeout) {
        if (timeout == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + timeout);
        }
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_TIMEOUT + ", was " + timeout);
        }
        if (timeout.toNanos() % 1_000 != 0) {
            throw new IllegalArgumentException(name + " must be whole microseconds, was " + timeout);
        }
    }

    /** The contract's defaults: no configured gateways, ports 443 and 60443, 10/20/60/30/60/120 s. */
    public static CorrelationConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean hasGateways() {
        return !gateways.isEmpty();
    }

    public boolean isGateway(IpAddress address) {
        for (IpPrefix prefix : gateways) {
            if (prefix.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean isVpnPort(int port) {
        return vpnTcpPorts.contains(port);
    }

    long tcpConnectMicros() {
        return micros(tcpConnectTimeout);
    }

    long tlsHandshakeMicros() {
        return micros(tlsHandshakeTimeout);
    }

    long ikeStartMicros() {
        return micros(ikeStartTimeout);
    }

    long ikePhaseMicros() {
        return micros(ikePhaseTimeout);
    }

    long espMicros() {
        return micros(espTimeout);
    }

    long idleMicros() {
        return micros(idleTimeout);
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.gateways = new ArrayList<>(gateways);
        builder.vpnTcpPorts = vpnTcpPorts;
        builder.tcpConnectTimeout = tcpConnectTimeout;
        builder.tlsHandshakeTimeout = tlsHandshakeTimeout;
        builder.ikeStartTimeout = ikeStartTimeout;
        builder.ikePhaseTimeout = ikePhaseTimeout;
        builder.espTimeout = espTimeout;
        builder.idleTimeout = idleTimeout;
        return builder;
    }

    public static final class Builder {
        private List<IpPrefix> gateways = new ArrayList<>();
        private Set<Integer> vpnTcpPorts = Set.of(443, 60443);
        private Duration tcpConnectTimeout = Duration.ofSeconds(10);
        private Duration tlsHandshakeTimeout = Duration.ofSeconds(20);
        private Duration ikeStartTimeout = Duration.ofSeconds(60);
        private Duration ikePhaseTimeout = Duration.ofSeconds(30);
        private Duration espTimeout = Duration.ofSeconds(60);
        private Duration idleTimeout = Duration.ofSeconds(120);

        private Builder() {
        }

        /** Gateway CIDRs such as "203.0.113.7/32" or "2001:db8::/48". */
        public Builder gateways(String... cidrs) {
            List<IpPrefix> parsed = new ArrayList<>();
            for (String cidr : cidrs) {
                parsed.add(IpPrefix.parse(cidr));
            }
            gateways = parsed;
            return this;
        }

        public Builder vpnTcpPorts(Integer... ports) {
            vpnTcpPorts = Set.of(ports);
            return this;
        }

        public Builder tcpConnectTimeout(Duration value) { tcpConnectTimeout = value; return this; }
        public Builder tlsHandshakeTimeout(Duration value) { tlsHandshakeTimeout = value; return this; }
        public Builder ikeStartTimeout(Duration value) { ikeStartTimeout = value; return this; }
        public Builder ikePhaseTimeout(Duration value) { ikePhaseTimeout = value; return this; }
        public Builder espTimeout(Duration value) { espTimeout = value; return this; }
        public Builder idleTimeout(Duration value) { idleTimeout = value; return this; }

        public CorrelationConfig build() {
            return new CorrelationConfig(gateways, vpnTcpPorts, tcpConnectTimeout, tlsHandshakeTimeout,
                    ikeStartTimeout, ikePhaseTimeout, espTimeout, idleTimeout);
        }
    }
}
