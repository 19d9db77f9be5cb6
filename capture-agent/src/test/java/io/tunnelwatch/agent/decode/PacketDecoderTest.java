package io.tunnelwatch.agent.decode;

import static io.tunnelwatch.agent.decode.FrameBuilder.ah;
import static io.tunnelwatch.agent.decode.FrameBuilder.concat;
import static io.tunnelwatch.agent.decode.FrameBuilder.esp;
import static io.tunnelwatch.agent.decode.FrameBuilder.ethernet;
import static io.tunnelwatch.agent.decode.FrameBuilder.extension;
import static io.tunnelwatch.agent.decode.FrameBuilder.fragment;
import static io.tunnelwatch.agent.decode.FrameBuilder.ikev2Header;
import static io.tunnelwatch.agent.decode.FrameBuilder.ipv4;
import static io.tunnelwatch.agent.decode.FrameBuilder.ipv6;
import static io.tunnelwatch.agent.decode.FrameBuilder.loopback;
import static io.tunnelwatch.agent.decode.FrameBuilder.sll;
import static io.tunnelwatch.agent.decode.FrameBuilder.sll2;
import static io.tunnelwatch.agent.decode.FrameBuilder.tcp;
import static io.tunnelwatch.agent.decode.FrameBuilder.udp;
import static io.tunnelwatch.agent.decode.FrameBuilder.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.agent.capture.LinkType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
    private static final int IPV4 = 0x0800;
    private static final int IPV6 = 0x86DD;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ESP = 50;
    private static final int AH = 51;
    private static final int SYN_ACK = 0x012;

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();

    private DecodedPacket decode(byte[] frame, int linkType) {
        decoder.decode(view(frame, linkType), packet);
        return packet;
    }

    @Test
    void shouldDecodeTcpHeaderFields() {
        byte[] frame = ethernet(IPV4, ipv4(TCP, "192.0.2.1", "198.51.100.7",
                tcp(443, 50802, 0xF000_0001L, 3_915_133_863L, SYN_ACK, 43_690, new byte[0])));

        DecodedPacket p = decode(frame, LinkType.ETHERNET);

        assertThat(p.kind()).isEqualTo(PacketKind.TCP);
        assertThat(p.malformed()).isNull();
        assertThat(p.ipVersion()).isEqualTo(4);
        assertThat(p.srcLow()).isEqualTo(0xC000_0201L);
        assertThat(p.dstLow()).isEqualTo(0xC633_6407L);
        assertThat(p.protocol()).isEqualTo(TCP);
        assertThat(p.srcPort()).isEqualTo(443);
        assertThat(p.dstPort()).isEqualTo(50802);
        assertThat(p.tcpSeq()).isEqualTo(0xF000_0001L);
        assertThat(p.tcpAck()).isEqualTo(3_915_133_863L);
        assertThat(p.tcpFlags()).isEqualTo(SYN_ACK);
        assertThat(p.tcpWindow()).isEqualTo(43_690);
        assertThat(p.tcpPayloadLength()).isZero();
    }

    @Test
    void shouldReportBothTagsOfAQinQFrameOuterFirst() {
        byte[] frame = ethernet(IPV4, ipv4(TCP, "10.0.0.1", "10.0.0.2", tcp(1, 2, 0, 0, 0x002, 0, new byte[0])),
                0x88A8, 10, 0x8100, 20);
        DecodedPacket p = decode(frame, LinkType.ETHERNET);
        assertThat(p.vlanCount()).isEqualTo(2);
        assertThat(p.outerVlanId()).isEqualTo(10);
        assertThat(p.innerVlanId()).isEqualTo(20);
        assertThat(p.kind()).isEqualTo(PacketKind.TCP);
    }

    @Test
    void shouldReadTheSingle8021qTagAndTheLegacyQinQTpid() {
        byte[] single = ethernet(IPV4, ipv4(ESP, "10.0.0.1", "10.0.0.2", esp(7, 1)), 0x8100, 4094);
        assertThat(decode(single, LinkType.ETHERNET).outerVlanId()).isEqualTo(4094);
        assertThat(packet.innerVlanId()).isEqualTo(DecodedPacket.NO_VLAN);

        byte[] legacy = ethernet(IPV4, ipv4(ESP, "10.0.0.1", "10.0.0.2", esp(7, 1)), 0x9100, 100, 0x8100, 200);
        assertThat(decode(legacy, LinkType.ETHERNET).vlanCount()).isEqualTo(2);
        assertThat(packet.hasEsp()).isTrue();
    }

    @Test
    void shouldDecodeEveryLinkTypeToTheSameEsp() {
        byte[] ip = ipv4(ESP, "10.0.0.1", "10.0.0.2", esp(0xFFFF_FFFEL, 9));
        byte[] ip6 = ipv6(ESP, "2001:db8::1", "2001:db8::2", esp(0xFFFF_FFFEL, 9));
        byte[][] frames = {
            sll(IPV4, ip), sll2(IPV4, ip), ip, ip, ip,
            loopback(2, true, ip), loopback(24, false, ip6), loopback(28, true, ip6), loopback(30, true, ip6),
        };
        int[] linkTypes = {
            LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW, LinkType.DLT_RAW_12, LinkType.DLT_RAW_14,
            LinkType.NULL, LinkType.LOOP, LinkType.NULL, LinkType.NULL,
        };
        for (int i = 0; i < frames.length; i++) {
            DecodedPacket p = decode(frames[i], linkTypes[i]);
            assertThat(p.kind()).as("link type %d", linkTypes[i]).isEqualTo(PacketKind.ESP);
            assertThat(p.espSpi()).as("SPI is unsigned").isEqualTo(0xFFFF_FFFEL);
            assertThat(p.espSequence()).isEqualTo(9);
        }
    }

    @Test
    void shouldFindEspInsideAh() {
        byte[] frame = ethernet(IPV4, ipv4(AH, "10.0.0.1", "10.0.0.2", ah(ESP, esp(0x4890_2CE4L, 3))));
        DecodedPacket p = decode(frame, LinkType.ETHERNET);
        assertThat(p.ipNextHeader()).isEqualTo(AH);
        assertThat(p.protocol()).isEqualTo(ESP);
        assertThat(p.espSpi()).isEqualTo(0x4890_2CE4L);
        assertThat(p.espSequence()).isEqualTo(3);
    }

    @Test
    void shouldWalkIpv6ExtensionHeadersToUdp() {
        // hop-by-hop (next: routing) -> routing (next: destination options) -> destination options
        // (next: fragment) -> first fragment (next: UDP) -> UDP 500 -> IKE
        byte[] payload = extension(43, extension(60, extension(44, fragment(UDP, 0, true,
                udp(500, 500, ikev2Header(34, 0))))));
        byte[] frame = ethernet(IPV6, ipv6(0, "fe80::1", "2001:db8::2", payload));

        DecodedPacket p = decode(frame, LinkType.ETHERNET);

        assertThat(p.ipNextHeader()).isZero();
        assertThat(p.protocol()).isEqualTo(UDP);
        assertThat(p.moreFragments()).isTrue();
        assertThat(p.kind()).isEqualTo(PacketKind.IKE);
        assertThat(p.ike().exchangeType()).isEqualTo(34);
        assertThat(p.srcHigh()).isEqualTo(0xfe80_0000_0000_0000L);
        assertThat(p.srcLow()).isEqualTo(1L);
    }

    @Test
    void shouldCountLaterFragmentsWithoutDecodingThem() {
        byte[] v4 = ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", 185, new byte[40]));
        byte[] v6 = ethernet(IPV6, ipv6(44, "2001:db8::1", "2001:db8::2", fragment(UDP, 185, false, new byte[40])));

        assertThat(decode(v4, LinkType.ETHERNET).kind()).isEqualTo(PacketKind.LATER_FRAGMENT);
        assertThat(packet.fragmentOffset()).isEqualTo(185);
        assertThat(packet.hasTransportPorts()).isFalse();
        assertThat(decode(v6, LinkType.ETHERNET).kind()).isEqualTo(PacketKind.LATER_FRAGMENT);
        assertThat(decoder.stats().count(PacketKind.LATER_FRAGMENT)).isEqualTo(2);
    }

    @Test
    void shouldTellApartTheFourKindsOfUdp4500Payload() {
        byte[] keepalive = udp(4500, 4500, new byte[] {(byte) 0xFF});
        byte[] ike = udp(4500, 4500, concat(new byte[4], ikev2Header(35, 1)));   // non-ESP marker, then IKE
        byte[] espInUdp = udp(14500, 4500, esp(0xC0F7_D4C3L, 42));
        byte[] tooShort = udp(4500, 4500, new byte[] {1, 2});

        assertThat(decode(ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", keepalive)), LinkType.ETHERNET).kind())
                .isEqualTo(PacketKind.NATT_KEEPALIVE);
        assertThat(packet.natt()).isTrue();

        assertThat(decode(ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", ike)), LinkType.ETHERNET).kind())
                .isEqualTo(PacketKind.IKE);
        assertThat(packet.natt()).isTrue();
        assertThat(packet.ike().exchangeType()).isEqualTo(35);
        assertThat(packet.ike().messageId()).isEqualTo(1);

        assertThat(decode(ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", espInUdp)), LinkType.ETHERNET).kind())
                .isEqualTo(PacketKind.ESP);
        assertThat(packet.espSpi()).isEqualTo(0xC0F7_D4C3L);
        assertThat(packet.espSequence()).isEqualTo(42);

        assertThat(decode(ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", tooShort)), LinkType.ETHERNET).kind())
                .isEqualTo(PacketKind.UDP_VPN_PORT);
        assertThat(packet.malformed()).isEqualTo("UDP 4500 payload: needed 4 bytes, had 2");
    }

    @Test
    void shouldDecodeIkeOnUdp500() {
        byte[] frame = ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(500, 500, ikev2Header(34, 0))));
        DecodedPacket p = decode(frame, LinkType.ETHERNET);
        assertThat(p.kind()).isEqualTo(PacketKind.IKE);
        assertThat(p.natt()).isFalse();
        assertThat(p.ike().majorVersion()).isEqualTo(2);
        assertThat(p.ike().initiatorSpi()).isEqualTo(0x0102_0304_0506_0708L);
    }

    /** IKEv2 header announcing {@code headerLength}, then one 8-byte Notify payload (type 16390). */
    private static byte[] ikev2WithNotify(int headerLength) {
        byte[] message = FrameBuilder.frame().bytes(ikev2Header(34, 0))
                .u8(0).u8(0).u16(8)                 // Notify generic header: next payload none, length 8
                .u8(0).u8(0).u16(16390)             // protocol id, SPI size, notify type
                .build();
        message[16] = 41;                           // header's next payload: Notify
        message[27] = (byte) headerLength;          // header length (low byte; fits in one byte here)
        return message;
    }

    @Test
    void shouldNotCallAnIkeMessageCutByTheSnapshotLengthMalformed() {
        byte[] full = ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(500, 500, ikev2WithNotify(36))));
        byte[] cut = Arrays.copyOf(full, full.length - 6);    // snapshot ends inside the Notify payload
        decoder.decode(new io.tunnelwatch.agent.capture.PacketView()
                .set(java.nio.ByteBuffer.wrap(cut), 0, cut.length, full.length, LinkType.ETHERNET, 0, 0), packet);
        assertThat(packet.kind()).isEqualTo(PacketKind.IKE);
        assertThat(packet.ike().length()).isEqualTo(36);
        assertThat(packet.malformed()).isNull();
    }

    @Test
    void shouldCallAnIkeHeaderLongerThanTheDatagramMalformed() {
        byte[] lying = ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(500, 500, ikev2WithNotify(200))));
        DecodedPacket p = decode(lying, LinkType.ETHERNET);
        assertThat(p.kind()).isEqualTo(PacketKind.IKE);
        assertThat(p.malformed()).isNotNull();

        byte[] honest = ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(500, 500, ikev2WithNotify(36))));
        assertThat(decode(honest, LinkType.ETHERNET).malformed()).isNull();
        assertThat(packet.ike().notifyCount()).isEqualTo(1);
        assertThat(packet.ike().notifyType(0)).isEqualTo(16390);
    }

    @Test
    void shouldSayWhatIsMissingWhenTheIpHeaderIsCut() {
        byte[] ip = ipv4(TCP, "10.0.0.1", "10.0.0.2", tcp(1, 2, 0, 0, 0, 0, new byte[0]));
        byte[] frame = ethernet(IPV4, Arrays.copyOf(ip, 12));
        DecodedPacket p = decode(frame, LinkType.ETHERNET);
        assertThat(p.kind()).isEqualTo(PacketKind.UNREADABLE);
        assertThat(p.malformed()).isEqualTo("IPv4 header: needed 20 bytes, had 12");
    }

    @Test
    void shouldFlagAUdpLengthLargerThanTheIpPayload() {
        byte[] udp = udp(4500, 12336, new byte[4]);
        udp[4] = 0x30;                       // UDP length 0x300C: far beyond the 12-byte IP payload
        DecodedPacket p = decode(ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", udp)), LinkType.ETHERNET);
        assertThat(p.kind()).isEqualTo(PacketKind.UDP_VPN_PORT);
        assertThat(p.malformed()).isEqualTo("UDP length 12300 does not fit the IP payload of 12 bytes");
    }

    @Test
    void shouldFlagATcpDataOffsetBelowFiveWords() {
        byte[] segment = tcp(1, 2, 0, 0, 0x010, 0, new byte[0]);
        segment[12] = 0x40;                  // data offset 4 words = 16 bytes
        DecodedPacket p = decode(ethernet(IPV4, ipv4(TCP, "10.0.0.1", "10.0.0.2", segment)), LinkType.ETHERNET);
        assertThat(p.kind()).isEqualTo(PacketKind.TCP);
        assertThat(p.malformed()).isEqualTo("TCP header length 16 is below 20");
    }

    @Test
    void shouldKeepTheSpiOfEspCutAfterFourBytes() {
        // Like tcpdump's esp_truncated.pcap: the snapshot ends right after the SPI.
        byte[] full = ethernet(IPV4, ipv4(ESP, "10.0.0.1", "10.0.0.2", esp(0xABCD, 5)));
        byte[] cut = Arrays.copyOf(full, 14 + 20 + 4);
        decoder.decode(new io.tunnelwatch.agent.capture.PacketView()
                .set(java.nio.ByteBuffer.wrap(cut), 0, cut.length, full.length, LinkType.ETHERNET, 0, 0), packet);
        assertThat(packet.kind()).isEqualTo(PacketKind.ESP);
        assertThat(packet.malformed()).isNull();
        assertThat(packet.espSpi()).isEqualTo(0xABCD);
        assertThat(packet.hasEspSequence()).isFalse();
    }

    @Test
    void shouldSkipWhatIsNotVpnTraffic() {
        byte[] dns = ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(5353, 53, new byte[12])));
        byte[] arp = ethernet(0x0806, new byte[28]);
        assertThat(decode(dns, LinkType.ETHERNET).kind()).isEqualTo(PacketKind.NOT_VPN);
        assertThat(decode(arp, LinkType.ETHERNET).kind()).isEqualTo(PacketKind.NOT_VPN);
        assertThat(decoder.stats().skipped()).isEqualTo(2);
        assertThat(decoder.stats().packetsRead()).isEqualTo(2);
    }

    @Test
    void shouldNeverThrowOnAnyPrefixOfAnyFrame() {
        byte[][] frames = {
            ethernet(IPV4, ipv4(TCP, "10.0.0.1", "10.0.0.2", tcp(443, 1, 1, 1, 0x18, 1, new byte[] {22, 3, 1, 0, 5, 1, 0, 0, 1, 0}))),
            ethernet(IPV6, ipv6(0, "::1", "::2", extension(51, ah(44, fragment(UDP, 0, true, udp(4500, 4500, concat(new byte[4], ikev2Header(34, 0)))))))),
            ethernet(IPV4, ipv4(UDP, "10.0.0.1", "10.0.0.2", udp(500, 500, ikev2Header(37, 9))), 0x88A8, 1, 0x8100, 2),
        };
        int[] linkTypes = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW, LinkType.NULL, 147};
        long decoded = 0;
        for (byte[] frame : frames) {
            for (int linkType : linkTypes) {
                for (int length = 0; length <= frame.length; length++) {
                    decode(Arrays.copyOf(frame, length), linkType);   // must not throw
                    decoded++;
                }
            }
        }
        assertThat(decoder.stats().packetsRead()).isEqualTo(decoded);
    }
}
