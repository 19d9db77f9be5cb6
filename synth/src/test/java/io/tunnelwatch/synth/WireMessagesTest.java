package io.tunnelwatch.synth;

import io.tunnelwatch.synth.esp.EspPackets;
import io.tunnelwatch.synth.ike.IkeV1Messages;
import io.tunnelwatch.synth.ike.IkeV2Messages;
import io.tunnelwatch.synth.packet.Host;
import io.tunnelwatch.synth.packet.PacketBuilder;
import io.tunnelwatch.synth.tls.DerCertificate;
import io.tunnelwatch.synth.tls.QuickVpnFlights;
import io.tunnelwatch.synth.tls.TlsMessages;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS, ISAKMP and ESP builders read back field by field with the tests' own walkers. */
class WireMessagesTest {
    private static final Host CLIENT = Host.of("100.64.0.7", 113);
    private static final Host GATEWAY = Host.of("198.18.0.9", 64);

    private final SplittableRandom rng = new SplittableRandom(42);
    private final QuickVpnFlights quickVpn = new QuickVpnFlights(rng);

    @Test
    void shouldBuildSslv2ClientHelloAsQuickVpnSendsIt() {
        byte[] hello = quickVpn.clientHello();

        assertThat(hello).hasSize(124);   // the seed: the router acknowledges 124 bytes (frame 231, Ack=125)
        assertThat(((hello[0] & 0x7F) << 8) | (hello[1] & 0xFF)).isEqualTo(122);   // 2-byte header, high bit set
        assertThat(hello[0] & 0x80).isEqualTo(0x80);
        assertThat(hello[2]).isEqualTo((byte) 1);                                 // CLIENT-HELLO
        assertThat(TestPacket.u16(hello, 3)).isEqualTo(0x0301);                   // offers TLS 1.0
        int cipherSpecLength = TestPacket.u16(hello, 5);
        int sessionIdLength = TestPacket.u16(hello, 7);
        int challengeLength = TestPacket.u16(hello, 9);
        assertThat(cipherSpecLength % 3).isZero();
        assertThat(11 + cipherSpecLength + sessionIdLength + challengeLength).isEqualTo(124);
        assertThat(challengeLength).isBetween(16, 32);
    }

    @Test
    void shouldBuildQuickVpnFlightsWithTheSeedsLengths() {
        List<byte[]> flights = List.of(quickVpn.serverHelloFlight(List.of(634)), quickVpn.clientKeyExchangeFlight(),
            quickVpn.changeCipherSpecAndFinished(), quickVpn.encryptedAlert());

        assertThat(flights).extracting(f -> f.length).containsExactly(727, 190, 51, 29);
        List<TestTlsStream.Record> server = walk(flights.get(0));
        assertThat(server).hasSize(1);
        assertThat(server.get(0).contentType()).isEqualTo(22);
        assertThat(server.get(0).handshakeTypes()).containsExactly(2, 11, 14);
        List<TestTlsStream.Record> client = walk(flights.get(1));
        assertThat(client).extracting(TestTlsStream.Record::contentType).containsExactly(22, 20, 22);
        assertThat(client.get(0).handshakeTypes()).containsExactly(16);
        assertThat(client.get(2).encrypted()).isTrue();
    }

    @Test
    void shouldBuildCleartextFatalAlert() {
        List<TestTlsStream.Record> alert = walk(quickVpn.fatalAlert(TlsMessages.ALERT_PROTOCOL_VERSION));

        assertThat(alert).singleElement().satisfies(r -> {
            assertThat(r.contentType()).isEqualTo(21);
            assertThat(r.alertLevel()).isEqualTo(2);
            assertThat(r.alertDescription()).isEqualTo(70);
        });
    }

    @Test
    void shouldAnnounceTls13OnlyInServerHelloSupportedVersions() {
        byte[] serverHello = TlsMessages.serverHello(TlsMessages.VERSION_TLS12, new byte[32], new byte[32],
            TlsMessages.CIPHER_TLS13_AES_128_GCM_SHA256, true, rng);

        assertThat(TestPacket.u16(serverHello, 4)).isEqualTo(0x0303);   // legacy_version stays TLS 1.2
        int extensions = 4 + 2 + 32 + 1 + 32 + 2 + 1;
        int extensionsEnd = extensions + 2 + TestPacket.u16(serverHello, extensions);
        assertThat(extensionsEnd).isEqualTo(serverHello.length);
        assertThat(TestPacket.u16(serverHello, extensions + 2)).isEqualTo(43);   // supported_versions first
        assertThat(TestPacket.u16(serverHello, extensions + 6)).isEqualTo(0x0304);
    }

    @Test
    void shouldEncodeCertificatesOfExactLengthWithConsistentDer() {
        for (int length : new int[] {634, 700, 1200, 1699}) {
            byte[] der = DerCertificate.ofLength(length, length > 1000 ? 256 : 128, "router", rng);
            assertThat(der).hasSize(length);
            assertThat(derEnd(der, 0)).isEqualTo(length);
        }
    }

    @Test
    void shouldBuildMainModeWithCleartextChainThenEncryptedMessages() {
        IkeV1Messages ike = new IkeV1Messages(0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L, rng);

        byte[] mm1 = ike.mainMode1();
        byte[] mm2 = ike.mainMode2();
        byte[] mm5 = ike.mainMode56();

        assertThat(TestPacket.u32(mm1, 24)).isEqualTo(mm1.length);
        assertThat(mm1[17]).isEqualTo((byte) 0x10);
        assertThat(mm1[18]).isEqualTo((byte) 2);
        assertThat(TestPacket.u32(mm1, 8)).isZero();
        assertThat(payloadChain(mm1)).containsExactly(1, 13, 13);
        assertThat(TestPacket.u32(mm2, 8)).isEqualTo(0x5555_6666L);
        assertThat(payloadChain(mm2)).containsExactly(1, 13);
        assertThat(payloadChain(ike.mainMode34())).containsExactly(4, 10, 20, 20);
        assertThat(mm5[19] & 1).isEqualTo(1);                 // E flag
        assertThat(mm5[16]).isEqualTo((byte) 5);              // first (encrypted) payload: ID
        assertThat(TestPacket.u32(mm5, 24)).isEqualTo(mm5.length);
        assertThat((mm5.length - 28) % 8).isZero();           // 3DES blocks
    }

    @Test
    void shouldBuildAggressiveQuickTransactionAndNotifyMessages() {
        IkeV1Messages ike = new IkeV1Messages(1, 2, rng);

        assertThat(payloadChain(ike.aggressive1("group".getBytes()))).containsExactly(1, 4, 10, 5, 13, 13, 13);
        assertThat(payloadChain(ike.aggressive2(new byte[] {1, 2, 3, 4}))).containsExactly(1, 4, 10, 5, 8, 13, 20, 20);
        byte[] quick = ike.quickMode(0xABCDEF01L, 140);
        assertThat(quick[18]).isEqualTo((byte) 32);
        assertThat(TestPacket.u32(quick, 20)).isEqualTo(0xABCDEF01L);
        assertThat(quick[19] & 1).isEqualTo(1);
        assertThat(ike.transaction(7, 40)[18]).isEqualTo((byte) 6);
        TestPacket notify = TestPcapReader.decode(new PacketBuilder().udp(GATEWAY, CLIENT, 500, 500,
            ike.notifyError(IkeV1Messages.NOTIFY_NO_PROPOSAL_CHOSEN)));
        assertThat(notify.ikeExchangeType()).isEqualTo(5);
        assertThat(notify.ikeFlags()).isZero();
        assertThat(notify.ikeNotifyTypes()).containsExactly(14);
    }

    @Test
    void shouldBuildIkeV2ExchangesWithFlagsAndNotifies() {
        IkeV2Messages ike = new IkeV2Messages(0xA1L, 0xB2L, rng);

        byte[] request = ike.saInitRequest(IkeV2Messages.GROUP_ECP256, null);
        byte[] withCookie = ike.saInitRequest(IkeV2Messages.GROUP_ECP256, new byte[] {9, 9});
        byte[] retryHint = ike.saInitNotifyResponse(IkeV2Messages.NOTIFY_INVALID_KE_PAYLOAD, new byte[] {0, 19});
        byte[] auth = ike.authRequest(1, 300);
        byte[] authResponse = ike.authResponse(1, 900, false);

        assertThat(request[17]).isEqualTo((byte) 0x20);
        assertThat(request[18]).isEqualTo((byte) 34);
        assertThat(request[19]).isEqualTo((byte) 0x08);
        assertThat(payloadChain(request)).containsExactly(33, 34, 40, 41, 41);
        assertThat(payloadChain(withCookie)).containsExactly(41, 33, 34, 40, 41, 41);
        assertThat(notifyTypes(withCookie)).containsExactly(16390, 16388, 16389);
        assertThat(retryHint[19]).isEqualTo((byte) 0x20);
        assertThat(TestPacket.u32(retryHint, 8)).isZero();
        assertThat(notifyTypes(retryHint)).containsExactly(17);
        assertThat(auth[16]).isEqualTo((byte) 46);            // SK
        assertThat(auth[28]).isEqualTo((byte) 35);            // SK's next payload: the first inner one, IDi
        assertThat(TestPacket.u16(auth, 30)).isEqualTo(auth.length - 28);
        assertThat(authResponse[19]).isEqualTo((byte) 0x20);
        assertThat(ike.informational(3, false, false, 0)[19]).isZero();
        assertThat(ike.informational(3, true, true, 0)[19]).isEqualTo((byte) 0x28);
    }

    @Test
    void shouldBuildEspAndNatTraversalPayloads() {
        PacketBuilder packets = new PacketBuilder();
        TestPacket esp = TestPcapReader.decode(packets.esp(CLIENT, GATEWAY, EspPackets.esp(0x8316D0A3L, 7, 60, rng)));
        TestPacket espInUdp = TestPcapReader.decode(packets.udp(CLIENT, GATEWAY, 30001, 4500,
            EspPackets.esp(0x2B28E6AEL, 1, 100, rng)));
        TestPacket ikeInUdp = TestPcapReader.decode(packets.udp(CLIENT, GATEWAY, 30001, 4500,
            EspPackets.nonEspMarked(new IkeV2Messages(5, 6, rng).authRequest(1, 100))));
        TestPacket keepalive = TestPcapReader.decode(packets.udp(CLIENT, GATEWAY, 30001, 4500,
            EspPackets.natKeepalive()));

        assertThat(esp.isEsp()).isTrue();
        assertThat(esp.espSpi()).isEqualTo(0x8316D0A3L);
        assertThat(esp.espSequence()).isEqualTo(7);
        assertThat((esp.payload.length - 8 - 16 - 12) % 16).isZero();
        assertThat(espInUdp.isEsp()).isTrue();
        assertThat(espInUdp.espSpi()).isEqualTo(0x2B28E6AEL);
        assertThat(ikeInUdp.isEsp()).isFalse();
        assertThat(ikeInUdp.isakmp()).isNotNull();
        assertThat(ikeInUdp.ikeExchangeType()).isEqualTo(35);
        assertThat(keepalive.isEsp()).isFalse();
        assertThat(keepalive.payload).containsExactly(0xFF);
    }

    private static List<TestTlsStream.Record> walk(byte[] stream) {
        TestPacket segment = new TestPacket();
        segment.payload = stream;
        return TestTlsStream.records(List.of(segment), List.of(0));
    }

    /** The top-level ISAKMP payload chain, checking that each payload's length lands on the next one. */
    private static List<Integer> payloadChain(byte[] message) {
        List<Integer> types = new ArrayList<>();
        int next = message[16] & 0xFF;
        int offset = 28;
        while (next != 0) {
            types.add(next);
            int length = TestPacket.u16(message, offset + 2);
            assertThat(length).isGreaterThanOrEqualTo(4);
            next = message[offset] & 0xFF;
            offset += length;
            if (types.get(types.size() - 1) == 46) {
                break;
            }
        }
        assertThat(offset).isEqualTo(message.length);
        return types;
    }

    private static List<Integer> notifyTypes(byte[] message) {
        TestPacket packet = TestPcapReader.decode(new PacketBuilder().udp(CLIENT, GATEWAY, 500, 500, message));
        return packet.ikeNotifyTypes();
    }

    /** Walks a DER TLV and every constructed TLV inside it; returns the end offset. */
    private static int derEnd(byte[] der, int offset) {
        int tag = der[offset] & 0xFF;
        int first = der[offset + 1] & 0xFF;
        int headerLength = 2;
        int length = first;
        if (first == 0x81) {
            length = der[offset + 2] & 0xFF;
            headerLength = 3;
        } else if (first == 0x82) {
            length = TestPacket.u16(der, offset + 2);
            headerLength = 4;
        }
        int end = offset + headerLength + length;
        if ((tag & 0x20) != 0) {
            int inner = offset + headerLength;
            while (inner < end) {
                inner = derEnd(der, inner);
            }
            assertThat(inner).isEqualTo(end);
        }
        return end;
    }
}
