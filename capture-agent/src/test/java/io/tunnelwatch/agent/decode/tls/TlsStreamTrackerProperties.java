package io.tunnelwatch.agent.decode.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Robustness and segmentation properties of the tracker (issue 2, item 7). Tries come from jqwik's default
 * (1000 per property, a few seconds in CI); run longer on demand with
 * {@code ./mvnw -pl capture-agent test -Dtest='*Properties' -Djqwik.tries.default=1000000}.
 */
class TlsStreamTrackerProperties {

    private static final int MAX_CONNECTIONS = 3;

    /** One TCP segment of an arbitrary, hostile conversation. */
    record Segment(int connection, boolean fromClient, int seqChoice, long randomSeq, int flags, byte[] payload,
                   int captured) {
    }

    @Property
    void arbitrarySegmentsNeverThrowAndStayBounded(@ForAll("conversations") List<Segment> segments) {
        TlsStreamTracker tracker = new TlsStreamTracker(MAX_CONNECTIONS, 5_000_000L);
        TlsRecords out = new TlsRecords();
        long[][] nextSeq = new long[8][2];
        long now = 0;
        for (Segment segment : segments) {
            now += 100_000;
            byte[] frame = new byte[8 + segment.payload().length];
            frame[3] = (byte) (segment.fromClient() ? segment.connection() : 200);
            frame[7] = (byte) (segment.fromClient() ? 200 : segment.connection());
            System.arraycopy(segment.payload(), 0, frame, 8, segment.payload().length);
            int side = segment.fromClient() ? 0 : 1;
            long seq = switch (segment.seqChoice()) {
                case 0, 1, 2 -> nextSeq[segment.connection()][side];                   // in order
                case 3 -> nextSeq[segment.connection()][side] - segment.payload().length; // retransmission
                default -> segment.randomSeq();                                         // gap or garbage
            };
            int captured = Math.min(segment.captured(), segment.payload().length);
            tracker.onSegment(ByteBuffer.wrap(frame), 0, 4, 4,
                    segment.fromClient() ? 40_000 + segment.connection() : 443,
                    segment.fromClient() ? 443 : 40_000 + segment.connection(),
                    seq & 0xFFFF_FFFFL, segment.flags(), 8, captured, segment.payload().length, now, out);
            nextSeq[segment.connection()][side] = (seq + segment.payload().length) & 0xFFFF_FFFFL;

            assertThat(tracker.trackedConnections()).isLessThanOrEqualTo(MAX_CONNECTIONS);
            assertThat(out.count()).isBetween(0, TlsRecords.MAX_RECORDS);
            for (int i = 0; i < out.count(); i++) {
                assertThat(out.handshakeCount(i)).isBetween(0, TlsRecords.MAX_HANDSHAKES_PER_RECORD);
                assertThat(out.length(i)).isBetween(0, out.sslv2(i) ? 0x7FFF : TlsDirection.MAX_RECORD_LENGTH);
            }
        }
    }

    /** Cutting a clean stream anywhere changes nothing: same records, same handshake types, same versions. */
    @Property
    void whereTcpCutsTheStreamDoesNotMatter(@ForAll("tlsStreams") byte[] stream,
                                             @ForAll @Size(max = 30) List<@IntRange(min = 1, max = 300) Integer> cuts) {
        List<String> whole = deliver(stream, List.of(stream.length));
        List<Integer> sizes = new ArrayList<>(cuts);
        sizes.add(stream.length);
        List<String> pieces = deliver(stream, sizes);

        assertThat(pieces).isEqualTo(whole);
    }

    /** Sends {@code stream} from the server in segments of the given sizes; returns every record reported. */
    private static List<String> deliver(byte[] stream, List<Integer> sizes) {
        TcpConversation conversation = new TcpConversation(new TlsStreamTracker(4, 60_000_000L)).open();
        List<String> reported = new ArrayList<>();
        List<Integer> serverVersions = new ArrayList<>();
        int pos = 0;
        for (int size : sizes) {
            if (pos >= stream.length) {
                break;
            }
            int end = Math.min(stream.length, pos + size);
            TlsRecords records = conversation.server(TlsBytes.slice(stream, pos, end));
            for (int i = 0; i < records.count(); i++) {
                StringBuilder r = new StringBuilder().append(records.contentType(i)).append('/')
                        .append(records.version(i)).append('/').append(records.length(i)).append(" hs");
                for (int j = 0; j < records.handshakeCount(i); j++) {
                    r.append(' ').append(records.handshakeType(i, j));
                }
                r.append(" alert ").append(records.alertLevel(i)).append('/').append(records.alertDescription(i))
                        .append(records.encrypted(i) ? " enc" : "").append(records.tls13Ciphertext(i) ? " 1.3" : "");
                reported.add(r.toString());
            }
            if (records.serverVersion() != 0) {
                serverVersions.add(records.serverVersion());
            }
            pos = end;
        }
        // serverVersion() is one value per segment (the last ServerHello's), so only the final one is comparable.
        reported.add("last server version " + (serverVersions.isEmpty() ? 0 : serverVersions.get(serverVersions.size() - 1)));
        return reported;
    }

    @Provide
    Arbitrary<List<Segment>> conversations() {
        Arbitrary<byte[]> payloads = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                tlsStreams().map(s -> TlsBytes.slice(s, 0, Math.min(s.length, 600))));
        Arbitrary<Segment> segment = Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 4),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                Arbitraries.of(0x10, 0x18, 0x02, 0x12, 0x11, 0x04, 0x14),
                payloads,
                Arbitraries.integers().between(0, 700)).as(Segment::new);
        return segment.list().ofMaxSize(40);
    }

    /** Well-formed TLS record streams: handshake records made of handshake messages, CCS, alerts, data. */
    @Provide
    Arbitrary<byte[]> tlsStreams() {
        Arbitrary<byte[]> handshakeMessage = Combinators.combine(
                Arbitraries.of(1, 2, 4, 8, 11, 12, 13, 14, 15, 16, 20, 99),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(120))
                .as(TlsBytes::handshake);
        Arbitrary<byte[]> serverHello = Arbitraries.of(TlsBytes.TLS12, TlsBytes.TLS13, 0)
                .map(v -> TlsBytes.handshake(2, TlsBytes.serverHelloBody(TlsBytes.TLS12, v, false)));
        Arbitrary<byte[]> handshakeRecord = Arbitraries.oneOf(handshakeMessage, serverHello).list().ofMinSize(1)
                .ofMaxSize(4).map(list -> TlsBytes.record(22, TlsBytes.TLS12, TlsBytes.concat(list.toArray(byte[][]::new))));
        Arbitrary<byte[]> other = Combinators.combine(
                Arbitraries.of(20, 21, 23, 24),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(150))
                .as((type, body) -> TlsBytes.record(type, TlsBytes.TLS12, type == 20 ? new byte[] {1} : body));
        Arbitrary<byte[]> alert = Arbitraries.bytes().array(byte[].class).ofSize(2).map(b -> TlsBytes.record(21, 0x0303, b));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, handshakeRecord),
                        net.jqwik.api.Tuple.of(2, other),
                        net.jqwik.api.Tuple.of(1, alert))
                .list().ofMinSize(1).ofMaxSize(8)
                .map(list -> TlsBytes.concat(list.toArray(byte[][]::new)));
    }
}
