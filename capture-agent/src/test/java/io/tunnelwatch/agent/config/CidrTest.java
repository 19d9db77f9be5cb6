package io.tunnelwatch.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void shouldTurnNetworksAndHostsIntoBpfPrimitives() {
        assertThat(Cidr.parse("192.0.2.0/24").bpf()).isEqualTo("net 192.0.2.0/24");
        assertThat(Cidr.parse("198.51.100.7").bpf()).isEqualTo("host 198.51.100.7");
        assertThat(Cidr.parse("2001:db8::/32").bpf()).isEqualTo("net 2001:db8:0:0:0:0:0:0/32");
        assertThat(Cidr.parse("2001:db8::1/128").bpf()).isEqualTo("host 2001:db8:0:0:0:0:0:1");
    }

    @Test
    void shouldExplainWhatIsWrong() {
        assertThatThrownBy(() -> Cidr.parse("192.0.2.1/24"))
                .hasMessage("bad CIDR '192.0.2.1/24': host bits are set; did you mean 192.0.2.0/24?");
        assertThatThrownBy(() -> Cidr.parse("vpn.example.net"))
                .hasMessage("bad CIDR 'vpn.example.net': 'vpn.example.net' is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessage("bad CIDR '10.0.0.0/x': prefix length must be 0-32");
        assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).isInstanceOf(ConfigException.class);
    }
}
