package io.tunnelwatch.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TunnelKeyTest {
    private static final CorrelationConfig UNCONFIGURED = CorrelationConfig.defaults();
    private static final CorrelationConfig CONFIGURED = CorrelationConfig.builder().gateways("203.0.113.0/24").build();

    @Test
    void shouldGiveBothDirectionsTheSameKey() {
        Conversation tunnel = new Conversation("198.51.100.7", "203.0.113.1");
        PacketFact up = tunnel.esp(Conversation.T0, true);
        PacketFact down = tunnel.esp(Conversation.T0, false);

        assertThat(TunnelKey.forPacket(up, UNCONFIGURED)).contains(tunnel.key());
        assertThat(TunnelKey.forPacket(down, UNCONFIGURED)).contains(tunnel.key());
        assertThat(tunnel.key().lower()).isEqualTo(tunnel.client);
    }

    @Test
    void shouldIgnoreTrafficWithoutExactlyOneConfiguredGateway() {
        PacketFact betweenGateways = new Conversation("203.0.113.2", "203.0.113.1").esp(Conversation.T0, true);
        PacketFact noGateway = new Conversation("198.51.100.7", "192.0.2.1").esp(Conversation.T0, true);
        PacketFact toGateway = new Conversation("198.51.100.7", "203.0.113.1").esp(Conversation.T0, true);

        assertThat(TunnelKey.forPacket(betweenGateways, CONFIGURED)).isEmpty();
        assertThat(TunnelKey.forPacket(noGateway, CONFIGURED)).isEmpty();
        assertThat(TunnelKey.forPacket(toGateway, CONFIGURED)).isPresent();
        assertThat(TunnelKey.forPacket(noGateway, UNCONFIGURED)).isPresent();
    }

    @Test
    void shouldKeepIpv6AddressesApartAndStable() {
        IpAddress a = IpAddress.parse("2001:db8::1");
        IpAddress b = IpAddress.parse("2001:db8::2");

        assertThat(TunnelKey.of(b, a)).isEqualTo(TunnelKey.of(a, b));
        assertThat(TunnelKey.of(a, b).hashCode()).isEqualTo(TunnelKey.of(b, a).hashCode());
        assertThat(a.toString()).as("RFC 5952 compressed, as in the expected outputs").isEqualTo("2001:db8::1");
        assertThat(IpAddress.ofBytes(a.toBytes())).isEqualTo(a);
        assertThat(IpAddress.parse("192.0.2.1").toBytes()).hasSize(4);
    }
}
