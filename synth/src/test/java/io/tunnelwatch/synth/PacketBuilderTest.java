package io.tunnelwatch.synth;

import io.tunnelwatch.synth.packet.Host;
import io.tunnelwatch.synth.packet.PacketBuilder;
import io.tunnelwatch.synth.packet.TcpConnection;
import io.tunnelwatch.synth.packet.TcpConnection.Side;
import io.tunnelwatch.synth.packet.TcpFlags;
import io.tunnelwatch.synth.packet.TcpSegment;
import io.tunnelwatch.synth.pcap.Capture;
import io.tunnelwatch.synth.pcap.CapturedFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PacketBuilderTest {
    private static final Host CLIENT = Host.of("100.64.0.7", 113);
    private static final Host GATEWAY = Host.of("198.18.0.9", 64);
    private static final Host CLIENT6 = Host.of("2001:db8::7", 60);
    private static final Host GATEWAY6 = Host.of("2001:db8:ffff::9", 64);

    private final PacketBuilder packets = new PacketBuilder(0x1234);

    @Test
    void shouldBuildSynWithMssOptionAndValidChecksums() {
        TestPacket syn = TestPcapReader.decode(packets.tcp(CLIENT, GATEWAY,
            new TcpSegment(3862, 443, 0xFFFF_FFF0L, 0, TcpFlags.SYN, 65535, 1460, new byte[0])));

        assertThat(syn.etherType).isEqualTo(0x0800);
        assertThat(syn.src).isEqualTo("100.64.0.7");
        assertThat(syn.dst).isEqualTo("198.18.0.9");
        assertThat(syn.ipChecksumValid).isTrue();
        assertThat(syn.transportChecksumValid).isTrue();
        assertThat(syn.srcPort).isEqualTo(3862);
        assertThat(syn.dstPort).isEqualTo(443);
        assertThat(syn.seq).isEqualTo(0xFFFF_FFF0L);
        assertThat(syn.ack).isZero();
        assertThat(syn.tcpFlags).isEqualTo(TcpFlags.SYN);
        assertThat(syn.window).isEqualTo(65535);
        assertThat(syn.mss).isEqualTo(1460);
        assertThat(syn.ipTotalLength).isEqualTo(20 + 24);
    }

    @Test
    void shouldCountIpIdentificationPerSender() {
        byte[] first = packets.udp(CLIENT, GATEWAY, 500, 500, new byte[28]);
        byte[] second = packets.udp(CLIENT, GATEWAY, 500, 500, new byte[28]);
        byte[] fromGateway = packets.udp(GATEWAY, CLIENT, 500, 500, new byte[28]);

        assertThat(TestPacket.u16(first, 18)).isEqualTo(0x1234);
        assertThat(TestPacket.u16(second, 18)).isEqualTo(0x1235);
        assertThat(TestPacket.u16(fromGateway, 18)).isEqualTo(0x1234);
    }

    @Test
    void shouldChecksumUdpWithOddPayloadOverIpv4AndIpv6() {
        TestPacket v4 = TestPcapReader.decode(packets.udp(CLIENT, GATEWAY, 4500, 4500, new byte[] {(byte) 0xFF}));
        TestPacket v6 = TestPcapReader.decode(packets.udp(CLIENT6, GATEWAY6, 4500, 4500, new byte[] {(byte) 0xFF}));

        assertThat(v4.transportChecksumValid).isTrue();
        assertThat(v4.payload).containsExactly(0xFF);
        assertThat(v6.etherType).isEqualTo(0x86DD);
        assertThat(v6.transportChecksumValid).isTrue();
        assertThat(v6.payload).containsExactly(0xFF);
    }

    @Test
    void shouldCarryTcpAndEspOverIpv6() {
        TestPacket tcp = TestPcapReader.decode(packets.tcp(CLIENT6, GATEWAY6,
            new TcpSegment(50000, 443, 7, 9, TcpFlags.ACK | TcpFlags.PSH, 1000, 0, new byte[] {1, 2, 3})));
        TestPacket esp = TestPcapReader.decode(packets.esp(CLIENT6, GATEWAY6, new byte[] {0, 0, 1, 0, 0, 0, 0, 1}));

        assertThat(tcp.protocol).isEqualTo(6);
        assertThat(tcp.transportChecksumValid).isTrue();
        assertThat(tcp.payload).containsExactly(1, 2, 3);
        assertThat(tcp.hasFlag(TcpFlags.PSH)).isTrue();
        assertThat(esp.protocol).isEqualTo(50);
        assertThat(esp.espSpi()).isEqualTo(0x100);
        assertThat(esp.espSequence()).isEqualTo(1);
    }

    @Test
    void shouldProgressSequenceNumbersAndCutPayloadAtMss() {
        Capture capture = new Capture();
        TcpConnection tcp = new TcpConnection(packets, capture, CLIENT, 1025, GATEWAY, 443, 1000, 5000);
        tcp.syn(0);
        tcp.synAck(10);
        tcp.ack(20, Side.CLIENT);
        tcp.send(30, Side.CLIENT, new byte[100]);
        tcp.send(40, Side.SERVER, new byte[3000]);
        tcp.fin(100, Side.CLIENT);   // after the burst: its segments go out 12 us apart from 40
        tcp.rst(110, Side.SERVER, false);

        List<TestPacket> seen = capture.framesInTimeOrder().stream().map(TestPacket_of()).toList();

        assertThat(seen).extracting(p -> p.tcpFlags).containsExactly(
            TcpFlags.SYN, TcpFlags.SYN | TcpFlags.ACK, TcpFlags.ACK, TcpFlags.ACK | TcpFlags.PSH,
            TcpFlags.ACK, TcpFlags.ACK, TcpFlags.ACK | TcpFlags.PSH, TcpFlags.FIN | TcpFlags.ACK, TcpFlags.RST);
        assertThat(seen).extracting(p -> p.seq).containsExactly(
            1000L, 5000L, 1001L, 1001L, 5001L, 6461L, 7921L, 1101L, 8001L);
        assertThat(seen).extracting(p -> p.payload.length).containsExactly(0, 0, 0, 100, 1460, 1460, 80, 0, 0);
        assertThat(seen.get(1).ack).isEqualTo(1001);
        assertThat(seen.get(4).ack).isEqualTo(1101);
        assertThat(seen.get(7).ack).isEqualTo(8001);
        assertThat(seen).allMatch(p -> p.transportChecksumValid && p.ipChecksumValid);
    }

    @Test
    void shouldRefuseSynWithRstAckFromSequenceZero() {
        Capture capture = new Capture();
        TcpConnection tcp = new TcpConnection(packets, capture, CLIENT, 1025, GATEWAY, 443, 0xFFFF_FFFFL, 77);
        tcp.syn(0);
        tcp.rst(1, Side.SERVER, true);

        TestPacket rst = TestPcapReader.decode(capture.framesInTimeOrder().get(1).frame());

        assertThat(rst.tcpFlags).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
        assertThat(rst.seq).isZero();
        assertThat(rst.ack).isZero();   // the ISN 0xFFFFFFFF plus the SYN wraps to 0
    }

    @Test
    void shouldFormatIpv6AsRfc5952() {
        assertThat(Host.of("2001:0db8:0:0:1:0:0:1", 1).addressText()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Host.of("::1", 1).addressText()).isEqualTo("::1");
        assertThat(Host.of("2001:db8:0:1:1:1:1:1", 1).addressText()).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Host.of("fe80::", 1).addressText()).isEqualTo("fe80::");
    }

    private static java.util.function.Function<CapturedFrame, TestPacket> TestPacket_of() {
        return frame -> TestPcapReader.decode(frame.frame());
    }
}
