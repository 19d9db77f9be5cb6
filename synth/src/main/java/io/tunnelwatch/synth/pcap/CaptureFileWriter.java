package io.tunnelwatch.synth.pcap;

/** Appends captured frames to a capture file (classic pcap or pcapng), in the order given. */
public interface CaptureFileWriter extends AutoCloseable {
    void writeFrame(long timestampMicros, byte[] frame);

    @Override
    void close();
}
