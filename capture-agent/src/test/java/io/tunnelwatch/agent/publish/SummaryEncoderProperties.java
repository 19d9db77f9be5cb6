package io.tunnelwatch.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.agent.capture.CaptureFileException;
import io.tunnelwatch.agent.capture.CaptureReader;
import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.config.VpnPorts;
import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.PacketDecoder;
import io.tunnelwatch.summary.v1.AgentRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * {@link SummaryEncoder} writes exactly the bytes protobuf-java writes for the message
 * {@link SummaryMapper} builds: for every frame of the public corpus and the bundled samples, for corpus
 * frames with bytes overwritten or cut short (malformed packets, odd TLS and IKE fields), and for
 * aggregates of every flow class and size.
 */
class SummaryEncoderProperties {
    private static final List<Frame> FRAMES = frames();
    private static final long T0 = 1_700_000_000_000_000L;

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final PacketView view = new PacketView();
    private final SummaryMapper mapper = new SummaryMapper(VpnPorts.DEFAULT);
    private final SummaryEncoder encoder = new SummaryEncoder();

    record Frame(byte[] bytes, int linkType, long tsMicros) {}

    @Test
    void shouldEncodeEveryRealFrameAsProtobufJavaDoes() {
        long seq = 0;
        for (Frame frame : FRAMES) {
            assertSameBytes(frame.bytes(), frame.linkType(), frame.tsMicros(), seq++);
        }
    }

    @Property(tries = 2000)
    void encodesDamagedFramesAsProtobufJavaDoes(@ForAll("realFrame") Frame frame,
                                                @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1599) Integer> positions,
                                                @ForAll @Size(max = 8) List<Byte> values,
                                                @ForAll @IntRange(min = 1, max = 1600) int cutAt,
                                                @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seq) {
        byte[] bytes = frame.bytes().clone();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            bytes[positions.get(i) % bytes.length] = values.get(i);
        }
        byte[] cut = new byte[Math.min(bytes.length, cutAt)];
        System.arraycopy(bytes, 0, cut, 0, cut.length);
        assertSameBytes(cut, frame.linkType(), frame.tsMicros(), seq);
    }

    @Property(tries = 2000)
    void encodesAggregatesAsProtobufJavaDoes(@ForAll("flow") FlowKey flow, @ForAll("aggregate") FlowAggregate aggregate) {
        byte[] expected = AgentRecord.newBuilder().setPacket(mapper.aggregateSummary(flow, aggregate)).build().toByteArray();

        assertThat(HexFormat.of().formatHex(encoder.aggregate(flow, aggregate)))
                .isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Provide
    Arbitrary<Frame> realFrame() {
        return Arbitraries.of(FRAMES);
    }

    @Provide
    Arbitrary<FlowKey> flow() {
        Arbitrary<Integer> ipVersion = Arbitraries.of(4, 6);
        Arbitrary<Long> anyLong = Arbitraries.longs();
        Arbitrary<Integer> port = Arbitraries.oneOf(Arbitraries.just(DecodedPacket.NO_PORT),
                Arbitraries.integers().between(0, 65_535));
        Arbitrary<FlowClass> flowClass = Arbitraries.of(FlowClass.class);
        Arbitrary<Long> spi = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<Integer> vlan = Arbitraries.integers().between(0, 4095);
        return Combinators.combine(ipVersion, anyLong, anyLong, anyLong, anyLong, port, port, flowClass)
                .flatAs((v, sh, sl, dh, dl, sp, dp, c) -> Combinators.combine(spi, vlan, Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 3))
                        .as((s, vl, natt, source) -> new FlowKey(v, v == 6 ? sh : 0, v == 6 ? sl : sl & 0xFFFF_FFFFL,
                                v == 6 ? dh : 0, v == 6 ? dl : dl & 0xFFFF_FFFFL, sp, sp == DecodedPacket.NO_PORT ? sp : dp,
                                c, c == FlowClass.ESP ? s : 0, vl, natt, source)));
    }

    @Provide
    Arbitrary<FlowAggregate> aggregate() {
        Arbitrary<Long> packets = Arbitraries.oneOf(Arbitraries.longs().between(1, 1_000),
                Arbitraries.longs().between(1, Long.MAX_VALUE));
        Arbitrary<Long> bytes = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Long> micros = Arbitraries.longs().between(-T0, 2 * T0);
        Arbitrary<Long> seq = Arbitraries.longs().between(0, Long.MAX_VALUE);
        return Combinators.combine(packets, bytes, micros, micros, seq).as(FlowAggregate::new);
    }

    private void assertSameBytes(byte[] bytes, int linkType, long tsMicros, long seq) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 32);
        buffer.put(16, bytes);
        view.set(buffer, 16, bytes.length, bytes.length, linkType, 0, tsMicros);
        decoder.decode(view, packet);

        byte[] expected = AgentRecord.newBuilder().setPacket(mapper.summary(packet, view, seq)).build().toByteArray();

        assertThat(HexFormat.of().formatHex(encoder.packet(packet, view, seq)))
                .as("%s packet, malformed: %s", packet.kind(), packet.malformed())
                .isEqualTo(HexFormat.of().formatHex(expected));
    }

    private static List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        try (Stream<Path> corpus = Files.walk(Path.of(SummaryEncoderProperties.class.getResource("/corpus").toURI()));
             Stream<Path> samples = Files.list(Path.of("..", "samples"))) {
            for (Path file : Stream.concat(corpus, samples).filter(SummaryEncoderProperties::isCapture).sorted().toList()) {
                readFrames(file, frames);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the corpus and samples", e);
        }
        assertThat(frames).as("real frames").hasSizeGreaterThan(1000);
        return List.copyOf(frames);
    }

    private static void readFrames(Path file, List<Frame> frames) {
        PacketView frame = new PacketView();
        int fromThisFile = 0;
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next(frame) && fromThisFile++ < 2000) {
                byte[] bytes = new byte[frame.capturedLength()];
                frame.buffer().get(frame.offset(), bytes);
                frames.add(new Frame(bytes, frame.linkType(), frame.tsMicros()));
            }
        } catch (CaptureFileException damagedFilesKeepTheirEarlierFrames) {
            // a file damaged on purpose: its first frames are already in
        }
    }

    private static boolean isCapture(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap");
    }
}
