package io.tunnelwatch.synth.pcap;

/** The two timestamp resolutions of the classic pcap format, told apart by the file's magic number. */
public enum TimestampPrecision {
    /** Magic 0xA1B2C3D4: the second field of each record holds microseconds. */
    MICROSECONDS(0xA1B2_C3D4, 1_000_000L),
    /** Magic 0xA1B23C4D: the second field of each record holds nanoseconds. */
    NANOSECONDS(0xA1B2_3C4D, 1_000_000_000L);

    private final int magic;
    private final long unitsPerSecond;

    TimestampPrecision(int magic, long unitsPerSecond) {
        this.magic = magic;
        this.unitsPerSecond = unitsPerSecond;
    }

    public int magic() {
        return magic;
    }

    public long unitsPerSecond() {
        return unitsPerSecond;
    }
}
