package io.tunnelwatch.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CorrelationConfigTest {

    @Test
    void shouldDefaultToTheContractsTimeoutsAndPorts() {
        CorrelationConfig config = CorrelationConfig.defaults();

        assertThat(config.gateways()).isEmpty();
        assertThat(config.vpnTcpPorts()).containsExactlyInAnyOrder(443, 60443);
        assertThat(config.tcpConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.tlsHandshakeTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.ikeStartTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.ikePhaseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.espTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void shouldMatchConfiguredIpv4AndIpv6Gateways() {
        CorrelationConfig config = CorrelationConfig.builder().gateways("203.0.113.0/24", "2001:db8:1::/48").build();

        assertThat(config.isGateway(IpAddress.parse("203.0.113.200"))).isTrue();
        assertThat(config.isGateway(IpAddress.parse("203.0.114.1"))).isFalse();
        assertThat(config.isGateway(IpAddress.parse("2001:db8:1:ffff::1"))).isTrue();
        assertThat(config.isGateway(IpAddress.parse("2001:db8:2::1"))).isFalse();
        assertThat(config.isGateway(IpAddress.parse("::ffff:203.0.113.1")))
                .as("an IPv4-mapped address is the IPv4 address").isTrue();
    }

    @Test
    void shouldRejectNonPositiveTimeoutsNamingTheSetting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CorrelationConfig.builder().ikePhaseTimeout(Duration.ZERO).build())
                .withMessageContaining("ike-phase-timeout must be positive");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CorrelationConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build())
                .withMessageContaining("idle-timeout");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CorrelationConfig.builder().espTimeout(Duration.ofDays(3)).build())
                .withMessageContaining("esp-timeout must be at most");
    }

    @Test
    void shouldRejectBadPortsAndCidrs() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CorrelationConfig.builder().vpnTcpPorts(0).build())
                .withMessageContaining("0 is not a TCP port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CorrelationConfig.builder().vpnTcpPorts().build())
                .withMessageContaining("at least one port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CorrelationConfig.builder().gateways("203.0.113.0/33").build())
                .withMessageContaining("0..32");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CorrelationConfig.builder().gateways("vpn.example.com").build())
                .withMessageContaining("not an IP address literal");
    }
}
