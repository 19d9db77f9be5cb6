package io.tunnelwatch.agent.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressTextTest {

    private static String ipv6(String literal) {
        ByteBuffer bytes = ByteBuffer.wrap(FrameBuilder.address(literal));
        StringBuilder text = new StringBuilder();
        IpAddressText.appendIpv6(text, bytes.getLong(0), bytes.getLong(8));
        return text.toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // RFC 5952 section 4: no leading zeros, lower case, longest zero run as "::", first on a tie,
        // a single zero group is not shortened.
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff",
    })
    void shouldWriteTheCanonicalForm(String input, String canonical) {
        assertThat(ipv6(input)).isEqualTo(canonical);
    }

    @Test
    void shouldWriteIpv4MappedAddressesWithADottedQuad() {
        // RFC 5952 section 5 (InetAddress would turn this literal into an IPv4 address, so built by hand).
        StringBuilder text = new StringBuilder();
        IpAddressText.appendIpv6(text, 0L, 0x0000_FFFF_C000_0201L);
        assertThat(text).hasToString("::ffff:192.0.2.1");
    }

    @ParameterizedTest
    @CsvSource({"0.254.92.182", "255.127.255.121", "10.0.0.1"})
    void shouldWriteDottedQuads(String address) {
        StringBuilder text = new StringBuilder();
        IpAddressText.appendIpv4(text, ByteBuffer.wrap(FrameBuilder.address(address)).getInt(0) & 0xFFFF_FFFFL);
        assertThat(text).hasToString(address);
    }
}
