package io.tunnelwatch.synth.pcap;

/** One frame and the time the capture point saw it, in microseconds since the Unix epoch. */
public record CapturedFrame(long timestampMicros, byte[] frame) {
}
