package io.tunnelwatch.agent.cli;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes ASCII lines through one large byte buffer straight to an output stream: no charset encoder and no
 * per-line allocation, because decode prints millions of lines. Characters outside ASCII become '?'.
 */
final class LineWriter {
    static final int DEFAULT_BUFFER = 1 << 20;

    private final OutputStream out;
    private byte[] buffer;
    private int used;

    LineWriter(OutputStream out, int bufferSize) {
        this.out = out;
        this.buffer = new byte[bufferSize];
    }

    void writeLine(CharSequence line) throws IOException {
        int length = line.length();
        if (used + length + 1 > buffer.length) {
            flush();
            if (length + 1 > buffer.length) {
                buffer = new byte[length + 1];
            }
        }
        byte[] bytes = buffer;
        int at = used;
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            bytes[at++] = c < 0x80 ? (byte) c : (byte) '?';
        }
        bytes[at++] = '\n';
        used = at;
    }

    void flush() throws IOException {
        if (used > 0) {
            out.write(buffer, 0, used);
            used = 0;
        }
        out.flush();
    }
}
