package io.tunnelwatch.agent.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.agent.capture.CaptureFileException;
import io.tunnelwatch.agent.capture.CaptureReader;
import io.tunnelwatch.agent.capture.PacketView;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Robustness of the capture-file readers (issue 2, item 7): a damaged or hostile file ends in packets
 * and then at most one {@link CaptureFileException}, never another exception, never an endless loop,
 * and never a buffer sized from a length field (a lying length is reported, not allocated).
 */
class CaptureReaderProperties {
    private static final List<String> SEEDS = List.of(
            "/corpus/zeek/tls1.2.pcap",                  // pcap, Ethernet
            "/corpus/tcpdump/tcp-handshake-nano.pcap",   // pcap nanosecond, SLL
            "/corpus/tcpdump/isakmp-no-none-np.pcapng",  // pcapng
            "/corpus/zeek/vlan-pcp-dei.pcapng",          // pcapng, several blocks
            "/corpus/tcpdump/ikev2four.pcap");           // pcap, NULL
    /** More packets than any seed holds: reading beyond it would mean the reader loops. */
    private static final int MAX_PACKETS = 10_000;

    private final Path file = tempFile();

    @AfterProperty
    void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @Property(tries = 300)
    void corruptedCaptureFilesEndCleanly(@ForAll("seedFile") byte[] seed,
                                         @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 100_000) Integer> positions,
                                         @ForAll @Size(max = 12) List<Byte> values,
                                         @ForAll @IntRange(min = 0, max = 100_000) int cutAt) throws IOException {
        byte[] bytes = seed.clone();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            bytes[positions.get(i) % bytes.length] = values.get(i);
        }
        int length = Math.min(bytes.length, cutAt);
        Files.write(file, java.util.Arrays.copyOf(bytes, length));

        long packets = readAll();

        assertThat(packets).isBetween(0L, (long) MAX_PACKETS);
    }

    @Property(tries = 300)
    void arbitraryBytesBehindAValidMagicEndCleanly(@ForAll("magic") byte[] magic,
                                                   @ForAll @Size(max = 3000) byte[] rest) throws IOException {
        byte[] bytes = new byte[magic.length + rest.length];
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        System.arraycopy(rest, 0, bytes, magic.length, rest.length);
        Files.write(file, bytes);

        assertThat(readAll()).isBetween(0L, (long) MAX_PACKETS);
    }

    /** Reads to the end or the first damage; returns the packets read. Any other exception fails the property. */
    private long readAll() {
        PacketView view = new PacketView();
        long packets = 0;
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (packets <= MAX_PACKETS && reader.next(view)) {
                assertThat(view.capturedLength()).isBetween(0, view.buffer().capacity());
                assertThat(view.offset() + view.capturedLength()).isLessThanOrEqualTo(view.buffer().limit());
                packets++;
            }
        } catch (CaptureFileException damaged) {
            assertThat(damaged.getMessage()).isNotBlank().doesNotContain("\n");
        }
        return packets;
    }

    @Provide
    Arbitrary<byte[]> seedFile() {
        return Arbitraries.of(SEEDS).map(CaptureReaderProperties::resource);
    }

    @Provide
    Arbitrary<byte[]> magic() {
        return Arbitraries.of(
                new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1},  // pcap, little-endian, micro
                new byte[] {(byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4},  // pcap, big-endian, micro
                new byte[] {0x4d, 0x3c, (byte) 0xb2, (byte) 0xa1},                // pcap, little-endian, nano
                new byte[] {0x0a, 0x0d, 0x0d, 0x0a});                             // pcapng section header block
    }

    private static byte[] resource(String name) {
        try {
            return Files.readAllBytes(Path.of(CaptureReaderProperties.class.getResource(name).toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("missing fuzzing seed " + name, e);
        }
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("tunnelwatch-fuzz", ".pcap");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
