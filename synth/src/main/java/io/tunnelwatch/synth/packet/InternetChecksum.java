package io.tunnelwatch.synth.packet;

/** The one's-complement sum of RFC 1071, used by the IPv4 header, TCP and UDP. */
public final class InternetChecksum {
    private long sum;

    public InternetChecksum add(byte[] data) {
        return add(data, 0, data.length);
    }

    public InternetChecksum add(byte[] data, int offset, int length) {
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if (i < end) {
            // An odd trailing byte is padded with a zero byte on the right (RFC 1071 section 4.1).
            sum += (data[i] & 0xFF) << 8;
        }
        return this;
    }

    public InternetChecksum add16(int value) {
        sum += value & 0xFFFF;
        return this;
    }

    public InternetChecksum add32(long value) {
        return add16((int) (value >>> 16)).add16((int) value);
    }

    /** The checksum field value: the complement of the folded sum. */
    public int value() {
        long folded = sum;
        while ((folded >>> 16) != 0) {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int) (~folded & 0xFFFF);
    }

    public static int of(byte[] data, int offset, int length) {
        return new InternetChecksum().add(data, offset, length).value();
    }
}
