package io.tunnelwatch.synth.pcap;

/** Where scripted frames go: a capture being collected, or a per-tunnel buffer of a larger merge. */
public interface FrameSink {
    void add(long timestampMicros, byte[] frame);
}
