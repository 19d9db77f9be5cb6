package io.tunnelwatch.synth.pcap;

import static io.tunnelwatch.synth.pcap.CaptureOutput.putLe16;
import static io.tunnelwatch.synth.pcap.CaptureOutput.putLe32;

import java.io.OutputStream;

/**
 * Writes pcapng (draft-ietf-opsawg-pcapng): a Section Header Block, one Interface Description Block for an
 * Ethernet interface with microsecond timestamps (if_tsresol 6), then one Enhanced Packet Block per frame.
 * Little-endian, as the byte-order magic says; every block is padded to 32 bits and repeats its length at the end.
 */
public final class PcapngWriter implements CaptureFileWriter {
    private static final int SECTION_HEADER_BLOCK = 0x0A0D_0D0A;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 0x0000_0001;
    private static final int ENHANCED_PACKET_BLOCK = 0x0000_0006;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B_3C4D;
    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    /** if_tsresol value 6: timestamps count 10^-6 s. */
    private static final int MICROSECOND_RESOLUTION = 6;

    private final CaptureOutput out;

    public PcapngWriter(OutputStream out) {
        this.out = new CaptureOutput(out);
        byte[] section = new byte[28];
        putLe32(section, 0, SECTION_HEADER_BLOCK);   // block type
        putLe32(section, 4, section.length);         // block total length
        putLe32(section, 8, BYTE_ORDER_MAGIC);       // byte-order magic: readers detect endianness here
        putLe16(section, 12, 1);                     // major version 1
        putLe16(section, 14, 0);                     // minor version 0
        putLe32(section, 16, -1);                    // section length: -1 = not given (64 bits)
        putLe32(section, 20, -1);
        putLe32(section, 24, section.length);        // block total length, repeated
        this.out.write(section);
        byte[] iface = new byte[32];
        putLe32(iface, 0, INTERFACE_DESCRIPTION_BLOCK);
        putLe32(iface, 4, iface.length);
        putLe16(iface, 8, PcapWriter.LINKTYPE_ETHERNET);   // link type
        putLe16(iface, 10, 0);                             // reserved
        putLe32(iface, 12, PcapWriter.SNAPLEN);            // snap length
        putLe16(iface, 16, OPTION_IF_TSRESOL);             // option if_tsresol ...
        putLe16(iface, 18, 1);                             // ... 1 byte long ...
        iface[20] = MICROSECOND_RESOLUTION;                // ... microseconds; 3 bytes of padding follow
        putLe16(iface, 24, OPTION_END);                    // opt_endofopt
        putLe16(iface, 26, 0);
        putLe32(iface, 28, iface.length);
        this.out.write(iface);
    }

    @Override
    public void writeFrame(long timestampMicros, byte[] frame) {
        int padded = (frame.length + 3) & ~3;
        int total = 32 + padded;
        byte[] header = new byte[28];
        putLe32(header, 0, ENHANCED_PACKET_BLOCK);
        putLe32(header, 4, total);
        putLe32(header, 8, 0);                                   // interface id: the only one
        putLe32(header, 12, (int) (timestampMicros >>> 32));     // timestamp, high 32 bits
        putLe32(header, 16, (int) timestampMicros);              // timestamp, low 32 bits
        putLe32(header, 20, frame.length);                       // captured length
        putLe32(header, 24, frame.length);                       // original length
        out.write(header);
        out.write(frame);
        out.write(new byte[padded - frame.length]);
        byte[] trailer = new byte[4];
        putLe32(trailer, 0, total);
        out.write(trailer);
    }

    @Override
    public void close() {
        out.close();
    }
}
