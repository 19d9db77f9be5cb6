package io.tunnelwatch.agent.decode.tls;

import static io.tunnelwatch.agent.decode.tls.TlsBytes.TLS10;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.TLS12;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.TLS13;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.bytes;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.clientHelloBody;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.concat;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.filled;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.handshake;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.record;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.serverHelloBody;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.slice;
import static io.tunnelwatch.agent.decode.tls.TlsBytes.sslv2ClientHello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsStreamTrackerTest {

    private static final int CCS = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;

    private final TlsStreamTracker tracker = new TlsStreamTracker(16, 60_000_000L);
    private final TcpConversation tcp = new TcpConversation(tracker).open();

    private static byte[] clientHelloRecord() {
        return record(HANDSHAKE, TLS10, handshake(1, clientHelloBody()));
    }

    /** TLS 1.2 server flight in one record: ServerHello, Certificate, ServerHelloDone. */
    private static byte[] serverFlightRecord() {
        return record(HANDSHAKE, TLS12, concat(
                handshake(2, serverHelloBody(TLS12, 0, false)),
                handshake(11, filled(300, 0x30)),
                handshake(14, new byte[0])));
    }

    @Test
    void shouldReportClientHelloInOneSegment() {
        TlsRecords records = tcp.client(clientHelloRecord());

        assertThat(records.count()).isEqualTo(1);
        assertThat(records.contentType(0)).isEqualTo(HANDSHAKE);
        assertThat(records.version(0)).isEqualTo(TLS10);
        assertThat(records.length(0)).isEqualTo(clientHelloRecord().length - 5);
        assertThat(handshakes(records, 0)).containsExactly(1);
        assertThat(records.alertLevel(0)).isEqualTo(-1);
        assertThat(records.sslv2(0)).isFalse();
        assertThat(records.encrypted(0)).isFalse();
        assertThat(records.malformed()).isNull();
    }

    @Test
    void shouldReportEveryRecordAndEveryHandshakeMessageOfASegment() {
        byte[] segment = concat(serverFlightRecord(), record(HANDSHAKE, TLS12, handshake(12, filled(20, 1))));
        TlsRecords records = tcp.server(segment);

        assertThat(records.count()).isEqualTo(2);
        assertThat(handshakes(records, 0)).containsExactly(2, 11, 14);
        assertThat(handshakes(records, 1)).containsExactly(12);
        assertThat(records.serverVersion()).isEqualTo(TLS12);
    }

    @Test
    void shouldReportASpanningRecordOnlyOnTheSegmentWhereItCompletes() {
        byte[] flight = serverFlightRecord();
        assertThat(tcp.server(slice(flight, 0, 100)).count()).isZero();
        assertThat(tcp.server(slice(flight, 100, 200)).count()).isZero();
        TlsRecords last = tcp.server(slice(flight, 200, flight.length));

        assertThat(last.count()).isEqualTo(1);
        assertThat(last.length(0)).isEqualTo(flight.length - 5);
        assertThat(handshakes(last, 0)).containsExactly(2, 11, 14);
        assertThat(last.serverVersion()).isEqualTo(TLS12);
    }

    @Test
    void shouldFollowRecordHeadersSplitAtEveryByte() {
        byte[] twoRecords = concat(clientHelloRecord(), record(CCS, TLS12, bytes(1)));
        int secondHeader = clientHelloRecord().length;
        for (int split = secondHeader + 1; split < secondHeader + 5; split++) {
            TcpConversation conversation = new TcpConversation(new TlsStreamTracker(4, 60_000_000L)).open();
            assertThat(conversation.client(slice(twoRecords, 0, split)).count()).as("split %d", split).isEqualTo(1);
            TlsRecords second = conversation.client(slice(twoRecords, split, twoRecords.length));
            assertThat(second.count()).as("split %d", split).isEqualTo(1);
            assertThat(second.contentType(0)).isEqualTo(CCS);
            assertThat(second.length(0)).isEqualTo(1);
        }
    }

    @Test
    void shouldFollowHandshakeHeadersSplitAtEveryByte() {
        byte[] flight = serverFlightRecord();
        int certificateHeader = 5 + 4 + serverHelloBody(TLS12, 0, false).length;
        for (int split = certificateHeader; split <= certificateHeader + 4; split++) {
            TcpConversation conversation = new TcpConversation(new TlsStreamTracker(4, 60_000_000L)).open();
            assertThat(conversation.server(slice(flight, 0, split)).count()).isZero();
            TlsRecords rest = conversation.server(slice(flight, split, flight.length));
            assertThat(handshakes(rest, 0)).as("split %d", split).containsExactly(2, 11, 14);
        }
    }

    @Test
    void shouldListAHandshakeMessageFragmentedOverRecordsWhereItCompletes() {
        byte[] certificate = handshake(11, filled(100, 0x44));
        byte[] first = record(HANDSHAKE, TLS12, slice(certificate, 0, 60));
        byte[] second = record(HANDSHAKE, TLS12, concat(slice(certificate, 60, certificate.length),
                handshake(14, new byte[0])));
        TlsRecords records = tcp.server(concat(first, second));

        assertThat(records.count()).isEqualTo(2);
        assertThat(records.handshakeCount(0)).isZero();
        assertThat(handshakes(records, 1)).containsExactly(11, 14);
    }

    @Test
    void shouldReadACleartextAlert() {
        tcp.client(clientHelloRecord());
        TlsRecords records = tcp.server(record(ALERT, TLS12, bytes(2, 40)));   // fatal, handshake_failure

        assertThat(records.alertLevel(0)).isEqualTo(2);
        assertThat(records.alertDescription(0)).isEqualTo(40);
        assertThat(records.encrypted(0)).isFalse();
    }

    @Test
    void shouldNotReadAnAlertAfterChangeCipherSpecInThatDirection() {
        tcp.server(concat(serverFlightRecord(), record(CCS, TLS12, bytes(1))));
        TlsRecords records = tcp.server(record(ALERT, TLS12, bytes(1, 0)));

        assertThat(records.count()).isEqualTo(1);
        assertThat(records.encrypted(0)).isTrue();
        assertThat(records.alertLevel(0)).isEqualTo(-1);
        assertThat(records.alertDescription(0)).isEqualTo(-1);
        // The other direction has not changed cipher spec: its alert is still cleartext.
        assertThat(tcp.client(record(ALERT, TLS12, bytes(2, 48))).alertDescription(0)).isEqualTo(48);
    }

    @Test
    void shouldNotListHandshakeTypesOfTheEncryptedFinished() {
        TlsRecords records = tcp.client(concat(record(CCS, TLS12, bytes(1)),
                record(HANDSHAKE, TLS12, handshake(20, filled(12, 0x55)))));

        assertThat(records.count()).isEqualTo(2);
        assertThat(records.encrypted(1)).isTrue();
        assertThat(records.handshakeCount(1)).isZero();
    }

    @Test
    void shouldTreatAHandshakeRecordThatLooksLikeCiphertextAsEncrypted() {
        byte[] body = concat(bytes(0xE7, 0x12, 0x34, 0x56), filled(36, 0x99));   // no such handshake type
        TlsRecords records = tcp.client(record(HANDSHAKE, TLS12, body));

        assertThat(records.encrypted(0)).isTrue();
        assertThat(records.handshakeCount(0)).isZero();
    }

    @Test
    void shouldTakeTheTls13VersionFromSupportedVersionsAndProtectWhatFollows() {
        tcp.client(clientHelloRecord());
        TlsRecords hello = tcp.server(concat(
                record(HANDSHAKE, TLS12, handshake(2, serverHelloBody(TLS12, TLS13, false))),
                record(CCS, TLS12, bytes(1)),
                record(APPLICATION_DATA, TLS12, filled(40, 0x66))));

        assertThat(hello.serverVersion()).isEqualTo(TLS13);
        assertThat(hello.count()).isEqualTo(3);
        assertThat(hello.encrypted(1)).isFalse();
        assertThat(hello.tls13Ciphertext(2)).isTrue();
        assertThat(hello.encrypted(2)).isTrue();

        TlsRecords clientFinished = tcp.client(concat(record(CCS, TLS12, bytes(1)),
                record(APPLICATION_DATA, TLS12, filled(53, 0x77)), record(ALERT, TLS12, bytes(2, 42))));
        assertThat(clientFinished.encrypted(0)).isFalse();
        assertThat(clientFinished.tls13Ciphertext(1)).isTrue();
        assertThat(clientFinished.encrypted(2)).as("a TLS 1.3 alert after ServerHello is protected").isTrue();
        assertThat(clientFinished.alertLevel(2)).isEqualTo(-1);
    }

    @Test
    void shouldFindTheSelectedVersionWhereverTheServerHelloIsCut() {
        byte[] hello = record(HANDSHAKE, TLS12, handshake(2, serverHelloBody(TLS12, TLS13, false)));
        for (int split = 1; split < hello.length; split++) {
            TcpConversation conversation = new TcpConversation(new TlsStreamTracker(4, 60_000_000L)).open();
            assertThat(conversation.server(slice(hello, 0, split)).serverVersion()).isZero();
            TlsRecords rest = conversation.server(concat(slice(hello, split, hello.length),
                    record(HANDSHAKE, TLS12, handshake(8, filled(20, 0)))));
            assertThat(rest.serverVersion()).as("split %d", split).isEqualTo(TLS13);
            assertThat(rest.encrypted(1)).as("split %d: protected after ServerHello", split).isTrue();
        }
    }

    @Test
    void shouldTakeTheLegacyVersionFromAServerHelloWithoutExtensions() {
        TlsRecords records = tcp.server(record(HANDSHAKE, TLS10, handshake(2, serverHelloBody(TLS10, 0, false))));
        assertThat(records.serverVersion()).isEqualTo(TLS10);
    }

    @Test
    void shouldNotGuessTheVersionWhenTheServerHelloWasNotCaptured() {
        byte[] hello = record(HANDSHAKE, TLS12, handshake(2, serverHelloBody(TLS12, TLS13, false)));
        TlsRecords records = tcp.serverTruncated(hello, 30);
        assertThat(records.count()).isEqualTo(1);
        assertThat(records.serverVersion()).isZero();
    }

    @Test
    void shouldKeepTheSecondClientHelloAfterHelloRetryRequestInCleartext() {
        tcp.client(clientHelloRecord());
        TlsRecords retry = tcp.server(concat(
                record(HANDSHAKE, TLS12, handshake(2, serverHelloBody(TLS12, TLS13, true))),
                record(CCS, TLS12, bytes(1))));
        assertThat(retry.serverVersion()).isEqualTo(TLS13);

        TlsRecords second = tcp.client(concat(record(CCS, TLS12, bytes(1)), clientHelloRecord()));
        assertThat(second.count()).isEqualTo(2);
        assertThat(second.encrypted(1)).isFalse();
        assertThat(handshakes(second, 1)).containsExactly(1);
    }

    @Test
    void shouldRecogniseAnSslv2FormatClientHello() {
        TlsRecords records = tcp.client(sslv2ClientHello());

        assertThat(records.count()).isEqualTo(1);
        assertThat(records.sslv2(0)).isTrue();
        assertThat(records.anySslv2()).isTrue();
        assertThat(records.contentType(0)).isZero();
        assertThat(records.version(0)).isEqualTo(2);
        assertThat(records.length(0)).isEqualTo(34);
        assertThat(handshakes(records, 0)).containsExactly(1);
        // The server answers in TLS: the client's next records are TLS too.
        assertThat(tcp.server(serverFlightRecord()).sslv2(0)).isFalse();
        assertThat(tcp.client(record(HANDSHAKE, TLS10, handshake(16, filled(70, 1)))).contentType(0))
                .isEqualTo(HANDSHAKE);
    }

    @Test
    void shouldNotBelieveAnSslv2HelloWhoseLengthsDoNotAddUp() {
        byte[] implausible = sslv2ClientHello();
        implausible[10] = 15;                        // challenge length 15: fields no longer sum to the length
        TlsRecords records = tcp.client(implausible);

        assertThat(records.count()).isZero();
    }

    @Test
    void shouldReportNothingNewForARetransmission() {
        byte[] hello = clientHelloRecord();
        tcp.client(hello);
        TlsRecords again = tcp.serverAt(tcp.serverSeq(), new byte[0]);   // unrelated empty segment
        assertThat(again.count()).isZero();

        TlsStreamTracker fresh = new TlsStreamTracker(4, 60_000_000L);
        TcpConversation conversation = new TcpConversation(fresh).open();
        long start = conversation.serverSeq();
        byte[] flight = serverFlightRecord();
        assertThat(conversation.server(flight).count()).isEqualTo(1);
        assertThat(conversation.serverAt(start, flight).count()).isZero();
        assertThat(fresh.retransmissions()).isEqualTo(1);
    }

    @Test
    void shouldCountOnlyTheNewBytesOfAPartlyRetransmittedSegment() {
        long start = tcp.serverSeq();
        byte[] flight = concat(serverFlightRecord(), record(CCS, TLS12, bytes(1)));
        tcp.server(slice(flight, 0, 50));
        TlsRecords overlapping = tcp.serverAt(start, flight);    // bytes 0..49 again, then the rest

        assertThat(overlapping.count()).isEqualTo(2);
        assertThat(handshakes(overlapping, 0)).containsExactly(2, 11, 14);
        assertThat(overlapping.contentType(1)).isEqualTo(CCS);
    }

    @Test
    void shouldKeepBoundariesAcrossALostSegmentInsideARecord() {
        byte[] first = record(APPLICATION_DATA, TLS12, filled(3000, 0x01));
        byte[] second = record(APPLICATION_DATA, TLS12, filled(10, 0x02));
        byte[] stream = concat(first, second);
        tcp.server(slice(stream, 0, 1000));
        tcp.serverLost(1000);
        TlsRecords records = tcp.server(slice(stream, 2000, stream.length));

        assertThat(records.count()).isEqualTo(2);
        assertThat(records.length(0)).isEqualTo(3000);
        assertThat(records.length(1)).isEqualTo(10);
    }

    @Test
    void shouldResynchroniseAfterALostRecordHeader() {
        byte[] lostRecord = record(APPLICATION_DATA, TLS12, filled(100, 0x01));
        assertThat(tcp.server(serverFlightRecord()).count()).isEqualTo(1);
        tcp.serverLost(50);                                      // the header and half the body
        TlsRecords tail = tcp.server(slice(lostRecord, 50, lostRecord.length));
        assertThat(tail.count()).isZero();
        TlsRecords next = tcp.server(record(APPLICATION_DATA, TLS12, filled(20, 0x02)));

        assertThat(next.count()).isEqualTo(1);
        assertThat(next.length(0)).isEqualTo(20);
        assertThat(tracker.syncLosses()).isEqualTo(1);
    }

    @Test
    void shouldFollowBoundariesThroughBytesCutBySnaplen() {
        byte[] big = record(APPLICATION_DATA, TLS12, filled(1500, 0x01));
        byte[] small = record(APPLICATION_DATA, TLS12, filled(30, 0x02));
        byte[] segment = concat(big, small, slice(big, 0, 5));   // third record's header at the very end
        TlsRecords records = tcp.serverTruncated(segment, 200);  // only the first 200 bytes captured

        assertThat(records.count()).isEqualTo(1);                // the second header was not captured
        assertThat(records.length(0)).isEqualTo(1500);
        assertThat(tracker.uncapturedHeaders()).isEqualTo(1);
        assertThat(records.malformed()).as("cut by the capture, not malformed on the wire").isNull();

        TlsRecords next = tcp.server(small);                     // resynchronises on the next segment
        assertThat(next.count()).isEqualTo(1);
    }

    @Test
    void shouldListTheHandshakeTypeWhenOnlyTheHeaderWasCaptured() {
        byte[] flight = serverFlightRecord();
        TlsRecords records = tcp.serverTruncated(flight, 60);

        assertThat(records.count()).isEqualTo(1);
        assertThat(handshakes(records, 0)).containsExactly(2);  // later handshake headers were not captured
    }

    @Test
    void shouldReportAGarbageHeaderAsMalformedAndResynchronise() {
        TlsRecords garbage = tcp.client(concat(clientHelloRecord(), bytes(0x47, 0x45, 0x54, 0x20, 0x2f, 0x20)));

        assertThat(garbage.count()).isEqualTo(1);
        assertThat(garbage.malformed()).startsWith("no TLS record header at payload offset");
        assertThat(tcp.client(record(APPLICATION_DATA, TLS12, filled(5, 0))).count()).isEqualTo(1);
    }

    @Test
    void shouldRejectARecordLongerThanTheRfcCap() {
        TlsRecords records = tcp.client(concat(clientHelloRecord(),
                bytes(HANDSHAKE, 0x03, 0x03, 0x48, 0x01)));         // length 18433

        assertThat(records.count()).isEqualTo(1);
        assertThat(records.malformed()).contains("length 18433");
        assertThat(tcp.client(bytes(HANDSHAKE, 0x03, 0x03, 0x48, 0x01)).count())
                .as("nor believed at a segment start").isZero();
    }

    @Test
    void shouldGiveUpOnAConnectionThatNeverSpeaksTls() {
        for (int i = 0; i < TlsDirection.MAX_FAILED_FIRST_SYNCS; i++) {
            tcp.client("GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertThat(tcp.client(clientHelloRecord()).count()).as("no longer looked at").isZero();
    }

    @Test
    void shouldStartAfreshOnANewSyn() {
        tcp.client(slice(clientHelloRecord(), 0, 20));           // half a record, then the client reconnects
        TcpConversation again = new TcpConversation(tracker).open();
        assertThat(again.client(clientHelloRecord()).count()).isEqualTo(1);
    }

    @Test
    void shouldForgetAConnectionOnReset() {
        assertThat(tracker.trackedConnections()).isEqualTo(1);
        tcp.clientFlags(0x04);
        assertThat(tracker.trackedConnections()).isZero();
    }

    @Test
    void shouldNotCreateStateForSegmentsWithoutPayload() {
        TlsStreamTracker empty = new TlsStreamTracker(4, 60_000_000L);
        new TcpConversation(empty).clientFlags(0x10);
        assertThat(empty.trackedConnections()).isZero();
    }

    @Test
    void shouldEvictTheLeastRecentlySeenConnectionWhenFull() {
        TlsStreamTracker small = new TlsStreamTracker(2, 60_000_000L);
        TcpConversation first = new TcpConversation(small, 1, 40_001);
        TcpConversation second = new TcpConversation(small, 2, 40_002);
        TcpConversation third = new TcpConversation(small, 3, 40_003);
        first.client(clientHelloRecord());
        second.client(clientHelloRecord());
        first.client(record(APPLICATION_DATA, TLS12, filled(5, 0)));   // first is now the most recent
        third.client(clientHelloRecord());

        assertThat(small.trackedConnections()).isEqualTo(2);
        assertThat(small.evictions()).isEqualTo(1);
        assertThat(first.client(record(APPLICATION_DATA, TLS12, filled(5, 0))).count())
                .as("first kept its boundaries").isEqualTo(1);
        assertThat(second.client(slice(record(APPLICATION_DATA, TLS12, filled(5, 0)), 2, 10)).count())
                .as("second was forgotten: a mid-record segment is not believed").isZero();
    }

    @Test
    void shouldEvictIdleConnections() {
        TlsStreamTracker idle = new TlsStreamTracker(8, 1_000_000L);
        TcpConversation quiet = new TcpConversation(idle, 1, 40_001);
        TcpConversation busy = new TcpConversation(idle, 2, 40_002);
        quiet.client(clientHelloRecord());
        busy.advanceMicros(2_000_000);
        busy.client(clientHelloRecord());

        assertThat(idle.trackedConnections()).isEqualTo(1);
        assertThat(idle.evictions()).isEqualTo(1);
    }

    @Test
    void shouldNeverThrowOnAnyTruncationOfAFlight() {
        byte[] flight = concat(serverFlightRecord(), record(CCS, TLS12, bytes(1)), record(ALERT, TLS12, bytes(2, 40)));
        for (int captured = 0; captured <= flight.length; captured++) {
            TcpConversation conversation = new TcpConversation(new TlsStreamTracker(4, 60_000_000L)).open();
            int keep = captured;
            assertThatCode(() -> conversation.serverTruncated(flight, keep)).doesNotThrowAnyException();
            assertThat(conversation.records.count()).isLessThanOrEqualTo(3);
        }
        for (int cut = 0; cut <= flight.length; cut++) {
            TcpConversation conversation = new TcpConversation(new TlsStreamTracker(4, 60_000_000L)).open();
            byte[] head = slice(flight, 0, cut);
            assertThatCode(() -> conversation.server(head)).doesNotThrowAnyException();
        }
    }

    @Test
    void shouldFollowEachDirectionOfAnIpv6ConnectionSeparately() {
        TlsStreamTracker v6 = new TlsStreamTracker(4, 60_000_000L);
        TlsRecords out = new TlsRecords();
        byte[] client = new byte[16];                           // 2001::1
        client[0] = 0x20;
        client[1] = 0x01;
        client[15] = 1;
        byte[] server = client.clone();
        server[15] = 2;
        byte[] hello = clientHelloRecord();
        byte[] flight = serverFlightRecord();
        // Each direction sends half a record, then the other half: the halves must not be mixed up.
        send(v6, out, client, server, 50_000, 443, 100, slice(hello, 0, 7));
        send(v6, out, server, client, 443, 50_000, 900, slice(flight, 0, 7));
        assertThat(out.count()).isZero();
        send(v6, out, client, server, 50_000, 443, 107, slice(hello, 7, hello.length));
        assertThat(handshakes(out, 0)).containsExactly(1);
        send(v6, out, server, client, 443, 50_000, 907, slice(flight, 7, flight.length));
        assertThat(handshakes(out, 0)).containsExactly(2, 11, 14);
        assertThat(v6.trackedConnections()).isEqualTo(1);
    }

    @Test
    void shouldFollowSequenceNumbersAcrossTheTwoToThe32Wrap() {
        TlsStreamTracker wrapping = new TlsStreamTracker(4, 60_000_000L);
        TlsRecords out = new TlsRecords();
        byte[] client = {10, 0, 0, 1};
        byte[] server = {10, 0, 0, 2};
        byte[] flight = concat(serverFlightRecord(), record(CCS, TLS12, bytes(1)));
        long start = 0xFFFF_FFFFL - 100;                        // the flight crosses 2^32 after 101 bytes
        send(wrapping, out, server, client, 443, 50_000, start, slice(flight, 0, 200));
        send(wrapping, out, server, client, 443, 50_000, (start + 200) & 0xFFFF_FFFFL,
                slice(flight, 200, flight.length));

        assertThat(out.count()).isEqualTo(2);
        assertThat(handshakes(out, 0)).containsExactly(2, 11, 14);
        send(wrapping, out, server, client, 443, 50_000, start + 50, slice(flight, 50, 150));
        assertThat(out.count()).as("a retransmission across the wrap").isZero();
        assertThat(wrapping.retransmissions()).isEqualTo(1);
    }

    private static void send(TlsStreamTracker tracker, TlsRecords out, byte[] src, byte[] dst, int srcPort,
                             int dstPort, long seq, byte[] payload) {
        byte[] frame = concat(src, dst, payload);
        int addressLength = src.length;
        tracker.onSegment(java.nio.ByteBuffer.wrap(frame), 0, addressLength, addressLength, srcPort, dstPort,
                seq, TcpConversation.ACK, 2 * addressLength, payload.length, payload.length, 1_000_000, out);
    }

    private static List<Integer> handshakes(TlsRecords records, int i) {
        List<Integer> types = new ArrayList<>();
        for (int j = 0; j < records.handshakeCount(i); j++) {
            types.add(records.handshakeType(i, j));
        }
        return types;
    }
}
