package io.tunnelwatch.agent.capture;

import static io.tunnelwatch.agent.capture.PcapReaderTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tunnelwatch.agent.capture.PcapReaderTest.Packet;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngReaderTest {
    private static final long T0_MICROS = 1_763_070_394_994_237L;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void shouldReadInterfacesWithTheirOwnLinkTypesAndResolutions(String orderName) throws Exception {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Path file = CaptureFileBuilder.pcapng(order)
                .interfaceDescription(LinkType.ETHERNET, null, null)          // 0: microseconds (default)
                .interfaceDescription(LinkType.RAW, 9, null)                  // 1: nanoseconds
                .interfaceDescription(LinkType.LINUX_SLL2, 0x80 | 10, null)   // 2: units of 2^-10 s
                .interfaceDescription(LinkType.NULL, 3, 100L)                 // 3: milliseconds, +100 s offset
                .otherBlock(5, 16)                                            // Interface Statistics: skipped
                .enhancedPacket(0, T0_MICROS, new byte[] {1, 2, 3, 4, 5}, 1500)
                .enhancedPacket(1, T0_MICROS * 1000 + 999, new byte[] {6}, 1)
                .otherBlock(0x0000_0BAD, 8)                                   // custom block: skipped
                .enhancedPacket(2, (7L << 10) | 512, new byte[] {7}, 1)
                .enhancedPacket(3, 1_500, new byte[] {8}, 1)
                .writeTo(dir.resolve("interfaces.pcapng"));

        try (CaptureReader reader = CaptureReader.open(file)) {
            List<Packet> packets = readAll(reader);
            assertThat(packets).extracting(Packet::interfaceId).containsExactly(0, 1, 2, 3);
            assertThat(packets).extracting(Packet::linkType)
                    .containsExactly(LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL2, LinkType.NULL);
            assertThat(packets).extracting(Packet::tsMicros)
                    .containsExactly(T0_MICROS, T0_MICROS, 7_500_000L, 101_500_000L);
            assertThat(packets.get(0).data()).containsExactly(1, 2, 3, 4, 5);
            assertThat(packets.get(0).original()).isEqualTo(1500);
        }
    }

    @Test
    void shouldReadSimpleAndObsoletePacketBlocks() throws Exception {
        Path file = CaptureFileBuilder.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, null, null)
                .simplePacket(new byte[] {1, 2, 3})
                .obsoletePacket(0, 42_000_000L, new byte[] {4, 5})
                .writeTo(dir.resolve("simple.pcapng"));
        try (CaptureReader reader = CaptureReader.open(file)) {
            List<Packet> packets = readAll(reader);
            assertThat(packets).hasSize(2);
            assertThat(packets.get(0).data()).containsExactly(1, 2, 3);
            assertThat(packets.get(0).tsMicros()).isZero();
            assertThat(packets.get(1).data()).containsExactly(4, 5);
            assertThat(packets.get(1).tsMicros()).isEqualTo(42_000_000L);
        }
    }

    @Test
    void shouldStartOverAtANewSectionInAnotherByteOrder() throws Exception {
        byte[] first = CaptureFileBuilder.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, null, null)
                .enhancedPacket(0, 1, new byte[] {1}, 1).bytes();
        byte[] second = CaptureFileBuilder.pcapng(ByteOrder.BIG_ENDIAN)
                .interfaceDescription(LinkType.RAW, null, null)
                .enhancedPacket(0, 2, new byte[] {2}, 1).bytes();
        Path file = dir.resolve("two-sections.pcapng");
        java.nio.file.Files.write(file, concat(first, second));

        try (CaptureReader reader = CaptureReader.open(file)) {
            List<Packet> packets = readAll(reader);
            assertThat(packets).extracting(Packet::linkType).containsExactly(LinkType.ETHERNET, LinkType.RAW);
            assertThat(packets).extracting(Packet::tsMicros).containsExactly(1L, 2L);
        }
    }

    @Test
    void shouldHandOutThePacketsBeforeAPacketThatOverrunsItsBlock() throws Exception {
        CaptureFileBuilder builder = CaptureFileBuilder.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, null, null)
                .enhancedPacket(0, 1, new byte[] {1}, 1);
        int damageAt = builder.size();
        Path file = builder.enhancedPacketClaiming(4_325_376).writeTo(dir.resolve("overrun.pcapng"));

        try (CaptureReader reader = CaptureReader.open(file)) {
            PacketView view = new PacketView();
            assertThat(reader.next(view)).isTrue();
            assertThatThrownBy(() -> reader.next(view)).isInstanceOf(CaptureFileException.class)
                    .hasMessage("file damaged at byte " + damageAt + ": packet claims 4325376 bytes, its block holds 4");
        }
    }

    @Test
    void shouldRejectAPacketOfAnUndeclaredInterface() throws Exception {
        Path file = CaptureFileBuilder.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, null, null)
                .enhancedPacket(3, 1, new byte[] {1}, 1)
                .writeTo(dir.resolve("no-interface.pcapng"));
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThatThrownBy(() -> reader.next(new PacketView()))
                    .hasMessage("file damaged at byte 48: packet names interface 3 but the section has 1");
        }
    }

    @Test
    void shouldRejectABlockLengthThatIsNotAMultipleOfFour() throws Exception {
        Path file = CaptureFileBuilder.pcapng(ByteOrder.LITTLE_ENDIAN)
                .u32(6).u32(4_325_377).raw(new byte[64])
                .writeTo(dir.resolve("odd-length.pcapng"));
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThatThrownBy(() -> reader.next(new PacketView()))
                    .hasMessage("file damaged at byte 28: block claims 4325377 bytes");
        }
    }

    @Test
    void shouldNotAllocateForABlockLargerThanTheFile() throws Exception {
        // A packet block claiming 64 MiB in a file of 100 bytes: reported, never buffered.
        Path file = CaptureFileBuilder.pcapng(ByteOrder.LITTLE_ENDIAN)
                .interfaceDescription(LinkType.ETHERNET, null, null)
                .u32(6).u32(64 << 20).raw(new byte[52])
                .writeTo(dir.resolve("huge-claim.pcapng"));
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThatThrownBy(() -> reader.next(new PacketView()))
                    .hasMessageStartingWith("file damaged at byte 48: block claims 67108864 bytes");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
