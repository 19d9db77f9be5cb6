package io.tunnelwatch.agent.decode.tls;

import java.nio.ByteBuffer;

/**
 * Finds the protocol version a ServerHello selects: the supported_versions extension (43, RFC 8446 4.2.1)
 * when present, else the legacy version field. Also tells a HelloRetryRequest (RFC 8446 4.1.3: a
 * ServerHello whose random is SHA-256("HelloRetryRequest")) from a real ServerHello.
 */
final class ServerHelloScanner {

    static final int SUPPORTED_VERSIONS = 43;
    /** Result flag: the message is a HelloRetryRequest. */
    static final int HELLO_RETRY_REQUEST = 1 << 16;
    private static final int RANDOM_LENGTH = 32;
    private static final byte[] HRR_RANDOM = {
        (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11,
        (byte) 0xBE, 0x1D, (byte) 0x8C, 0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91,
        (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A, (byte) 0xBB, (byte) 0x8C, 0x5E,
        0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33, (byte) 0x9C};

    private ServerHelloScanner() {
    }

    /**
     * Scans the ServerHello body at {@code buf[at, at+readable)} whose full length is {@code length}.
     * Returns the selected version (or'ed with {@link #HELLO_RETRY_REQUEST}), or 0 when the readable part
     * ends before the version can be known or the body is inconsistent.
     */
    static int scan(ByteBuffer buf, int at, int readable, int length) {
        int end = at + Math.min(readable, length);
        int pos = at;
        if (end - pos < 2 + RANDOM_LENGTH + 1) {
            return 0;
        }
        int legacyVersion = buf.getShort(pos) & 0xFFFF;
        int hrr = isHelloRetryRandom(buf, pos + 2) ? HELLO_RETRY_REQUEST : 0;
        pos += 2 + RANDOM_LENGTH;
        int sessionIdLength = buf.get(pos) & 0xFF;
        pos += 1 + sessionIdLength + 2 + 1;   // session id, cipher suite, compression method
        int bodyEnd = at + length;
        if (pos == bodyEnd) {
            return legacyVersion | hrr;       // no extensions (SSL 3.0 / early TLS)
        }
        if (pos + 2 > end) {
            return 0;
        }
        int extensionsEnd = Math.min(pos + 2 + (buf.getShort(pos) & 0xFFFF), bodyEnd);
        pos += 2;
        while (pos + 4 <= Math.min(end, extensionsEnd)) {
            int type = buf.getShort(pos) & 0xFFFF;
            int extensionLength = buf.getShort(pos + 2) & 0xFFFF;
            pos += 4;
            if (type == SUPPORTED_VERSIONS) {
                return extensionLength == 2 && pos + 2 <= end ? (buf.getShort(pos) & 0xFFFF) | hrr : 0;
            }
            pos += extensionLength;
        }
        return pos >= extensionsEnd ? legacyVersion | hrr : 0;
    }

    private static boolean isHelloRetryRandom(ByteBuffer buf, int at) {
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            if (buf.get(at + i) != HRR_RANDOM[i]) {
                return false;
            }
        }
        return true;
    }
}
