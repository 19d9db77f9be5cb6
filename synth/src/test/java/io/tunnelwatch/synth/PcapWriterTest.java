package io.tunnelwatch.synth;

import io.tunnelwatch.synth.pcap.PcapWriter;
import io.tunnelwatch.synth.pcap.PcapngWriter;
import io.tunnelwatch.synth.pcap.TimestampPrecision;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class PcapWriterTest {
    private static final byte[] FRAME = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0x08, 0x00};

    @Test
    void shouldWriteClassicHeaderAndMicrosecondRecords() {
        ByteBuffer file = write(TimestampPrecision.MICROSECONDS, 1_275_386_422_922_202L);

        assertThat(file.getInt(0)).isEqualTo(0xA1B2C3D4);
        assertThat(file.getShort(4)).isEqualTo((short) 2);
        assertThat(file.getShort(6)).isEqualTo((short) 4);
        assertThat(file.getInt(16)).isEqualTo(262_144);
        assertThat(file.getInt(20)).isEqualTo(1);
        assertThat(file.getInt(24)).isEqualTo(1_275_386_422);
        assertThat(file.getInt(28)).isEqualTo(922_202);
        assertThat(file.getInt(32)).isEqualTo(FRAME.length);
        assertThat(file.getInt(36)).isEqualTo(FRAME.length);
        assertThat(file.capacity()).isEqualTo(24 + 16 + FRAME.length);
    }

    @Test
    void shouldWriteNanosecondMagicAndFraction() {
        ByteBuffer file = write(TimestampPrecision.NANOSECONDS, 1_000_000_000_000_001L);

        assertThat(file.getInt(0)).isEqualTo(0xA1B23C4D);
        assertThat(file.getInt(24)).isEqualTo(1_000_000_000);
        assertThat(file.getInt(28)).isEqualTo(1_000);
    }

    @Test
    void shouldWritePcapngSectionInterfaceAndEnhancedPacketBlocks() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter writer = new PcapngWriter(out)) {
            writer.writeFrame(1_275_386_422_922_202L, FRAME);
        }
        ByteBuffer file = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(file.getInt(0)).isEqualTo(0x0A0D0D0A);
        int sectionLength = file.getInt(4);
        assertThat(file.getInt(8)).isEqualTo(0x1A2B3C4D);
        assertThat(file.getInt(sectionLength - 4)).isEqualTo(sectionLength);
        int iface = sectionLength;
        int ifaceLength = file.getInt(iface + 4);
        assertThat(file.getInt(iface)).isEqualTo(1);
        assertThat(file.getShort(iface + 8)).isEqualTo((short) 1);              // Ethernet
        assertThat(file.getShort(iface + 16)).isEqualTo((short) 9);             // if_tsresol ...
        assertThat(file.get(iface + 20)).isEqualTo((byte) 6);                  // ... microseconds
        assertThat(file.getInt(iface + ifaceLength - 4)).isEqualTo(ifaceLength);
        int packet = iface + ifaceLength;
        int packetLength = file.getInt(packet + 4);
        assertThat(file.getInt(packet)).isEqualTo(6);
        long ts = ((long) file.getInt(packet + 12) << 32) | (file.getInt(packet + 16) & 0xFFFF_FFFFL);
        assertThat(ts).isEqualTo(1_275_386_422_922_202L);
        assertThat(file.getInt(packet + 20)).isEqualTo(FRAME.length);
        assertThat(packetLength % 4).isZero();
        assertThat(file.getInt(packet + packetLength - 4)).isEqualTo(packetLength);
        assertThat(packet + packetLength).isEqualTo(file.capacity());
        byte[] data = new byte[FRAME.length];
        file.get(packet + 28, data);
        assertThat(data).isEqualTo(FRAME);
    }

    private static ByteBuffer write(TimestampPrecision precision, long micros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(out, precision)) {
            writer.writeFrame(micros, FRAME);
        }
        return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }
}
