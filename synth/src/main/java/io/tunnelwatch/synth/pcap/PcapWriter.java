package io.tunnelwatch.synth.pcap;

import static io.tunnelwatch.synth.pcap.CaptureOutput.putLe16;
import static io.tunnelwatch.synth.pcap.CaptureOutput.putLe32;

import java.io.OutputStream;

/**
 * Writes the classic libpcap file format (the one tcpdump -w writes): a 24-byte global header, then per packet a
 * 16-byte record header and the frame. Little-endian, as tcpdump writes it on x86; readers detect the byte order
 * from the magic number. Link type is always Ethernet (1) since every frame built here is Ethernet II.
 */
public final class PcapWriter implements CaptureFileWriter {
    public static final int LINKTYPE_ETHERNET = 1;
    /** tcpdump's default snapshot length since 4.0: large enough that nothing is cut. */
    public static final int SNAPLEN = 262_144;

    private final CaptureOutput out;
    private final TimestampPrecision precision;
    private final byte[] recordHeader = new byte[16];
    private long packets;

    public PcapWriter(OutputStream out) {
        this(out, TimestampPrecision.MICROSECONDS);
    }

    public PcapWriter(OutputStream out, TimestampPrecision precision) {
        this.out = new CaptureOutput(out);
        this.precision = precision;
        byte[] header = new byte[24];
        putLe32(header, 0, precision.magic());    // magic: byte order and timestamp resolution
        putLe16(header, 4, 2);                    // major version 2
        putLe16(header, 6, 4);                    // minor version 4
        putLe32(header, 8, 0);                    // thiszone: timestamps are UTC
        putLe32(header, 12, 0);                   // sigfigs: always 0 in practice
        putLe32(header, 16, SNAPLEN);             // snapshot length
        putLe32(header, 20, LINKTYPE_ETHERNET);   // link-layer header type
        this.out.write(header);
    }

    /** Appends one frame, captured whole, at {@code timestampMicros} microseconds since the Unix epoch. */
    @Override
    public void writeFrame(long timestampMicros, byte[] frame) {
        long seconds = Math.floorDiv(timestampMicros, 1_000_000L);
        long fraction = Math.floorMod(timestampMicros, 1_000_000L) * (precision.unitsPerSecond() / 1_000_000L);
        putLe32(recordHeader, 0, (int) seconds);      // ts_sec
        putLe32(recordHeader, 4, (int) fraction);     // ts_usec or ts_nsec
        putLe32(recordHeader, 8, frame.length);       // incl_len: bytes saved in the file
        putLe32(recordHeader, 12, frame.length);      // orig_len: bytes on the wire (never truncated here)
        out.write(recordHeader);
        out.write(frame);
        packets++;
    }

    public long packetsWritten() {
        return packets;
    }

    @Override
    public void close() {
        out.close();
    }
}
