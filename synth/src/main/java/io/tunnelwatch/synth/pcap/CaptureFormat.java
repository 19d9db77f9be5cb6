package io.tunnelwatch.synth.pcap;

import java.io.OutputStream;

/** The capture file formats synth writes. */
public enum CaptureFormat {
    /** Classic libpcap, microsecond timestamps (what tcpdump -w writes). */
    PCAP,
    /** Classic libpcap, nanosecond timestamps. */
    PCAP_NANOSECONDS,
    /** pcapng: one section, one Ethernet interface, Enhanced Packet Blocks, microsecond resolution. */
    PCAPNG;

    public CaptureFileWriter open(OutputStream out) {
        return switch (this) {
            case PCAP -> new PcapWriter(out, TimestampPrecision.MICROSECONDS);
            case PCAP_NANOSECONDS -> new PcapWriter(out, TimestampPrecision.NANOSECONDS);
            case PCAPNG -> new PcapngWriter(out);
        };
    }
}
