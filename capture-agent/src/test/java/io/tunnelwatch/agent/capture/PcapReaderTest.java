package io.tunnelwatch.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapReaderTest {
    private static final long T0_SECONDS = 1_429_518_024L;

    @TempDir
    Path dir;

    /** What a reader handed out for one packet, copied out of the reusable view. */
    record Packet(long tsMicros, int captured, int original, int linkType, int interfaceId, byte[] data) {
    }

    static List<Packet> readAll(CaptureReader reader) throws CaptureFileException {
        List<Packet> packets = new ArrayList<>();
        PacketView view = new PacketView();
        while (reader.next(view)) {
            byte[] data = new byte[view.capturedLength()];
            view.buffer().get(view.offset(), data);
            packets.add(new Packet(view.tsMicros(), view.capturedLength(), view.originalLength(), view.linkType(),
                    view.interfaceId(), data));
        }
        return packets;
    }

    @ParameterizedTest
    @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
    void shouldReadMicrosecondPcapInEitherByteOrder(String orderName) throws Exception {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Path file = CaptureFileBuilder.pcap(order, false, LinkType.ETHERNET)
                .record(T0_SECONDS, 29_122, new byte[] {1, 2, 3}, 60)
                .record(T0_SECONDS + 1, 999_999, new byte[] {4}, 1)
                .writeTo(dir.resolve("micro.pcap"));

        try (CaptureReader reader = CaptureReader.open(file)) {
            List<Packet> packets = readAll(reader);
            assertThat(packets).hasSize(2);
            assertThat(packets.get(0).tsMicros()).isEqualTo(T0_SECONDS * 1_000_000 + 29_122);
            assertThat(packets.get(0).captured()).isEqualTo(3);
            assertThat(packets.get(0).original()).isEqualTo(60);
            assertThat(packets.get(0).linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(packets.get(0).data()).containsExactly(1, 2, 3);
            assertThat(packets.get(1).tsMicros()).isEqualTo((T0_SECONDS + 1) * 1_000_000 + 999_999);
            assertThat(reader.packetsRead()).isEqualTo(2);
        }
    }

    @Test
    void shouldTruncateNanosecondTimestampsToMicroseconds() throws Exception {
        Path file = CaptureFileBuilder.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.LINUX_SLL)
                .record(T0_SECONDS, 123_456_789, new byte[] {9}, 1)
                .writeTo(dir.resolve("nano.pcap"));
        try (CaptureReader reader = CaptureReader.open(file)) {
            Packet packet = readAll(reader).get(0);
            assertThat(packet.tsMicros()).isEqualTo(T0_SECONDS * 1_000_000 + 123_456);
            assertThat(packet.linkType()).isEqualTo(LinkType.LINUX_SLL);
        }
    }

    @Test
    void shouldReadUnsignedSecondsBeyond2038() throws Exception {
        Path file = CaptureFileBuilder.pcap(ByteOrder.BIG_ENDIAN, false, LinkType.RAW)
                .record(0xF000_0000L, 0, new byte[] {0x45}, 1)
                .writeTo(dir.resolve("y2106.pcap"));
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThat(readAll(reader).get(0).tsMicros()).isEqualTo(0xF000_0000L * 1_000_000);
        }
    }

    @Test
    void shouldHandOutThePacketsBeforeARecordThatClaimsTooManyBytes() throws Exception {
        CaptureFileBuilder builder = CaptureFileBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET)
                .record(T0_SECONDS, 0, new byte[] {1, 2}, 2);
        int damageAt = builder.size();
        // The same lie as suricata-verify's tls_DER-incomplete-header.pcap: 4,325,376 captured bytes.
        Path file = builder.recordHeader(T0_SECONDS, 4_325_376).raw(new byte[100]).writeTo(dir.resolve("lying.pcap"));

        try (CaptureReader reader = CaptureReader.open(file)) {
            PacketView view = new PacketView();
            assertThat(reader.next(view)).isTrue();
            assertThatThrownBy(() -> reader.next(view))
                    .isInstanceOf(CaptureFileException.class)
                    .hasMessage("file damaged at byte " + damageAt + ": record claims 4325376 bytes");
        }
    }

    @Test
    void shouldReportAFileCutShortInsideARecord() throws Exception {
        CaptureFileBuilder builder = CaptureFileBuilder.pcap(ByteOrder.BIG_ENDIAN, false, LinkType.ETHERNET)
                .record(T0_SECONDS, 0, new byte[] {1, 2}, 2);
        int cutAt = builder.size();
        Path file = builder.recordHeader(T0_SECONDS, 100).raw(new byte[40]).writeTo(dir.resolve("cut.pcap"));

        try (CaptureReader reader = CaptureReader.open(file)) {
            PacketView view = new PacketView();
            assertThat(reader.next(view)).isTrue();
            assertThatThrownBy(() -> reader.next(view))
                    .hasMessage("file truncated at byte " + cutAt + ": record claims 100 bytes, only 40 left");
        }
    }

    @Test
    void shouldReportAFileCutShortInsideARecordHeader() throws Exception {
        Path file = CaptureFileBuilder.pcap(ByteOrder.BIG_ENDIAN, false, LinkType.ETHERNET)
                .raw(new byte[7]).writeTo(dir.resolve("cut-header.pcap"));
        try (CaptureReader reader = CaptureReader.open(file)) {
            assertThatThrownBy(() -> reader.next(new PacketView()))
                    .hasMessage("file truncated at byte 24: record header needs 16 bytes, only 7 left");
        }
    }

    @Test
    void shouldReadAcrossWindowRefills() throws Exception {
        // 3,000 records of 37..99 bytes through a 4 KiB window: every refill moves a partial record.
        CaptureFileBuilder builder = CaptureFileBuilder.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.RAW);
        for (int i = 0; i < 3_000; i++) {
            byte[] data = new byte[37 + i % 63];
            data[0] = (byte) i;
            data[data.length - 1] = (byte) (i >> 8);
            builder.record(i, 0, data, data.length);
        }
        Path file = builder.writeTo(dir.resolve("many.pcap"));

        try (CaptureReader reader = CaptureFileOpener.open(file, 4096)) {
            List<Packet> packets = readAll(reader);
            assertThat(packets).hasSize(3_000);
            for (int i = 0; i < 3_000; i++) {
                Packet packet = packets.get(i);
                assertThat(packet.captured()).isEqualTo(37 + i % 63);
                assertThat(packet.data()[0]).isEqualTo((byte) i);
                assertThat(packet.data()[packet.captured() - 1]).isEqualTo((byte) (i >> 8));
                assertThat(packet.tsMicros()).isEqualTo(i * 1_000_000L);
            }
        }
    }

    @Test
    void shouldRejectFilesThatAreNotCaptures() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello, world");
        Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
        assertThatThrownBy(() -> CaptureReader.open(text))
                .hasMessage("not a pcap or pcapng file (starts with 0x68656c6c)");
        assertThatThrownBy(() -> CaptureReader.open(empty)).hasMessage("file is empty");
        assertThatThrownBy(() -> CaptureReader.open(dir.resolve("missing.pcap"))).hasMessage("no such file");
        assertThatThrownBy(() -> CaptureReader.open(dir)).hasMessage("is a directory");
    }

    @Test
    void shouldRejectATruncatedFileHeader() throws IOException {
        Path file = Files.write(dir.resolve("short.pcap"), new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0});
        assertThatThrownBy(() -> CaptureReader.open(file))
                .hasMessage("file truncated at byte 6: pcap file header needs 24 bytes");
    }
}
