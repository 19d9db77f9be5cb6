package io.tunnelwatch.synth.pcap;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * What both capture file writers need: an output whose I/O errors are unchecked (the generator cannot
 * go on after one), and little-endian fields, the byte order both formats are written in here.
 */
final class CaptureOutput implements AutoCloseable {
    private final OutputStream out;

    CaptureOutput(OutputStream out) {
        this.out = out;
    }

    void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.flush();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void putLe16(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
    }

    static void putLe32(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
        target[offset + 2] = (byte) (value >>> 16);
        target[offset + 3] = (byte) (value >>> 24);
    }
}
