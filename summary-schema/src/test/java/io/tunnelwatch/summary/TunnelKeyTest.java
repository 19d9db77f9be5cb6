package io.tunnelwatch.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TunnelKeyTest {
    private static final byte[] CLIENT = {(byte) 213, 16, 33, (byte) 141};
    private static final byte[] GATEWAY = {79, (byte) 189, (byte) 214, 86};

    @Test
    void shouldBeTheSameInBothDirections() {
        assertThat(TunnelKey.of(CLIENT, GATEWAY)).isEqualTo(TunnelKey.of(GATEWAY, CLIENT));
    }

    @Test
    void shouldOrderAddressesUnsigned() {
        // 213.x is above 79.x unsigned, though its first byte is negative as a Java byte.
        assertThat(TunnelKey.format(TunnelKey.of(CLIENT, GATEWAY))).isEqualTo("79.189.214.86|213.16.33.141");
    }

    @Test
    void shouldFormatIpv6Keys() {
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = (byte) 0xb8; a[15] = 1;
        b[0] = 0x20; b[1] = 0x01; b[2] = 0x0d; b[3] = (byte) 0xb8; b[15] = 2;

        assertThat(TunnelKey.format(TunnelKey.of(b, a))).isEqualTo("2001:db8:0:0:0:0:0:1|2001:db8:0:0:0:0:0:2");
    }

    @Test
    void shouldRejectMixedAddressFamilies() {
        assertThatThrownBy(() -> TunnelKey.of(CLIENT, new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
