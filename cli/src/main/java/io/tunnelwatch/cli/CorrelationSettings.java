package io.tunnelwatch.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The correlation contract's settings a {@code local} run may change: the TLS login ports (the agent
 * filters on them, the job judges them) and the job's event-time bound and stage timeouts. The
 * defaults are the contract's (docs/correlation.md), so the bundled samples' expected outputs hold.
 */
public record CorrelationSettings(List<Integer> vpnTcpPorts, Duration outOfOrderness, Duration tcpConnectTimeout,
                                  Duration tlsHandshakeTimeout, Duration ikeStartTimeout, Duration ikePhaseTimeout,
                                  Duration espTimeout, Duration idleTimeout) {

    public static final CorrelationSettings DEFAULT = new CorrelationSettings(List.of(443, 60443), Duration.ofSeconds(2),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120));

    public CorrelationSettings {
        vpnTcpPorts = List.copyOf(vpnTcpPorts);
        if (vpnTcpPorts.isEmpty()) {
            throw new IllegalArgumentException("--vpn-tcp-ports needs at least one port");
        }
        for (int port : vpnTcpPorts) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--vpn-tcp-ports: bad port " + port + ", must be 1-65535");
            }
        }
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("--out-of-orderness must not be negative, was " + outOfOrderness);
        }
        positive("--tcp-connect-timeout", tcpConnectTimeout);
        positive("--tls-handshake-timeout", tlsHandshakeTimeout);
        positive("--ike-start-timeout", ikeStartTimeout);
        positive("--ike-phase-timeout", ikePhaseTimeout);
        positive("--esp-timeout", espTimeout);
        positive("--idle-timeout", idleTimeout);
    }

    /** The same settings as the correlation job's flags (CorrelationJobCommand), durations in ISO-8601. */
    List<String> jobArguments() {
        List<String> args = new ArrayList<>();
        args.add("--vpn-tcp-ports");
        args.add(String.join(",", vpnTcpPorts.stream().map(String::valueOf).toList()));
        add(args, "--out-of-orderness", outOfOrderness);
        add(args, "--tcp-connect-timeout", tcpConnectTimeout);
        add(args, "--tls-handshake-timeout", tlsHandshakeTimeout);
        add(args, "--ike-start-timeout", ikeStartTimeout);
        add(args, "--ike-phase-timeout", ikePhaseTimeout);
        add(args, "--esp-timeout", espTimeout);
        add(args, "--idle-timeout", idleTimeout);
        return args;
    }

    private static void add(List<String> args, String flag, Duration value) {
        args.add(flag);
        args.add(value.toString());
    }

    private static void positive(String flag, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(flag + " must be positive, was " + value);
        }
    }
}
