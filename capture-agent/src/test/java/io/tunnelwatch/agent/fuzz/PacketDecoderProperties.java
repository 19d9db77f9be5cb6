package io.tunnelwatch.agent.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.agent.capture.CaptureFileException;
import io.tunnelwatch.agent.capture.CaptureReader;
import io.tunnelwatch.agent.capture.LinkType;
import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.PacketDecoder;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Robustness of the whole packet decoder (issue 2, item 7): link layer, IP, TCP/UDP, NAT-T, ESP, and
 * the TLS and IKE decoders behind them. Whatever the frame, decoding returns (no exception, no endless
 * loop), leaves the buffer untouched, and never reads outside the captured bytes.
 *
 * <p>Real frames from the public corpus, with bytes overwritten, reach deep into every layer; plain
 * random bytes cover the link layers. jqwik's default is 1000 tries per property (a few seconds);
 * run longer on demand: {@code ./mvnw -pl capture-agent test -Dtest='*Properties' -Djqwik.tries.default=1000000}.
 */
class PacketDecoderProperties {
    private static final int[] LINK_TYPES = {LinkType.NULL, LinkType.ETHERNET, LinkType.DLT_RAW_12,
            LinkType.DLT_RAW_14, LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL, LinkType.LINUX_SLL2};
    private static final List<Frame> CORPUS_FRAMES = corpusFrames();

    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket packet = new DecodedPacket();
    private final PacketView view = new PacketView();

    record Frame(byte[] bytes, int linkType) {}

    @Property
    void arbitraryBytesOnEveryLinkTypeNeverThrow(@ForAll @Size(max = 1600) byte[] bytes,
                                                 @ForAll @IntRange(min = 0, max = 7) int linkTypeIndex,
                                                 @ForAll @IntRange(min = 0, max = 70_000) int extraOnWire) {
        decodeAndCheck(bytes, LINK_TYPES[linkTypeIndex], bytes.length + extraOnWire);
    }

    /** A corpus frame with a few bytes overwritten and possibly cut short, as snaplen or damage would. */
    @Property
    void corruptedRealFramesNeverThrow(@ForAll("corpusFrame") Frame frame,
                                       @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1599) Integer> positions,
                                       @ForAll @Size(max = 8) List<Byte> values,
                                       @ForAll @IntRange(min = 0, max = 1600) int cutAt) {
        byte[] bytes = frame.bytes().clone();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            bytes[positions.get(i) % bytes.length] = values.get(i);
        }
        int captured = Math.min(bytes.length, Math.max(1, cutAt));
        byte[] cut = new byte[captured];
        System.arraycopy(bytes, 0, cut, 0, captured);
        decodeAndCheck(cut, frame.linkType(), bytes.length);
    }

    @Provide
    Arbitrary<Frame> corpusFrame() {
        return Arbitraries.of(CORPUS_FRAMES);
    }

    private void decodeAndCheck(byte[] bytes, int linkType, int originalLength) {
        // The frame sits inside a larger buffer so that a read past the captured bytes would see
        // garbage instead of failing, and the check below would catch it through the reported offsets.
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 64);
        buffer.position(16);
        buffer.put(bytes);
        buffer.clear();
        view.set(buffer, 16, bytes.length, originalLength, linkType, 0, 1_700_000_000_000_000L);

        decoder.decode(view, packet);

        assertThat(buffer.position()).isZero();
        assertThat(buffer.limit()).isEqualTo(buffer.capacity());
        assertThat(packet.capturedLength()).isEqualTo(bytes.length);
        if (packet.ipVersion() != 0) {
            int addressLength = packet.ipVersion() == 4 ? 4 : 16;
            assertThat(packet.srcAddressOffset()).isBetween(16, 16 + bytes.length - addressLength);
            assertThat(packet.dstAddressOffset()).isBetween(16, 16 + bytes.length - addressLength);
        }
    }

    private static List<Frame> corpusFrames() {
        List<Frame> frames = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpusRoot())) {
            for (Path file : files.filter(PacketDecoderProperties::isCapture).sorted().toList()) {
                readFrames(file, frames);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the corpus for fuzzing seeds", e);
        }
        assertThat(frames).as("corpus frames").hasSizeGreaterThan(100);
        return List.copyOf(frames);
    }

    private static void readFrames(Path file, List<Frame> frames) {
        PacketView frame = new PacketView();
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next(frame) && frames.size() < 5000) {
                byte[] bytes = new byte[frame.capturedLength()];
                frame.buffer().get(frame.offset(), bytes);
                frames.add(new Frame(bytes, frame.linkType()));
            }
        } catch (CaptureFileException damagedFilesKeepTheirEarlierFrames) {
            // tls_DER-incomplete-header.pcap is damaged on purpose; its first frames are already in.
        }
    }

    private static boolean isCapture(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".pcap") || name.endsWith(".pcapng") || name.endsWith(".cap");
    }

    private static Path corpusRoot() throws URISyntaxException {
        return Path.of(PacketDecoderProperties.class.getResource("/corpus").toURI());
    }
}
