package io.tunnelwatch.agent.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tunnelwatch.agent.config.Cidr;
import io.tunnelwatch.agent.config.VpnPorts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

class CaptureFilterTest {

    @Test
    void shouldSelectVpnPortsAndEspOnlyToAndFromTheGateways() {
        String filter = CaptureFilter.build(VpnPorts.DEFAULT, List.of(Cidr.parse("198.51.100.7"), Cidr.parse("2001:db8::/32")));

        String selection = "(tcp port 443 or tcp port 60443 or udp port 500 or udp port 4500 or ip proto 50 or ip6 proto 50)"
                + " and (host 198.51.100.7 or net 2001:db8:0:0:0:0:0:0/32)";
        assertThat(filter).isEqualTo("(" + selection + ") or (vlan and (" + selection + "))");
    }

    @Test
    void shouldCompileWithTheRealLibpcap() {
        assumeTrue(PcapLibrary.configure().isPresent(), "libpcap is not installed (apt-get install libpcap0.8); skipping");
        for (String filter : List.of(
                CaptureFilter.build(VpnPorts.DEFAULT, List.of()),
                CaptureFilter.build(new VpnPorts(List.of(8443), List.of(500), List.of(4500)),
                        List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("2001:db8::1"))))) {
            assertThatCode(() -> {
                // pcap_compile_nopcap: libpcap's own parser, no interface or privilege needed.
                Pcaps.compileFilter(256, DataLinkType.EN10MB, filter, BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN)
                        .free();
            }).as(filter).doesNotThrowAnyException();
        }
    }
}
