package io.tunnelwatch.agent.decode.tls;

import java.nio.ByteBuffer;

/**
 * Finds the protocol version a ServerHello selects: the supported_versions extension (43, RFC 8446 4.2.1)
 * when present, else the legacy version field. Also tells a HelloRetryRequest (RFC 8446 4.1.3: a
 * ServerHello whose random is SHA-256("HelloRetryRequest")) from a real ServerHello.
 *
 * <p>Incremental: fed the message body in pieces as segments bring them, so the answer does not depend on
 * where TCP cut the stream; it keeps a handful of counters and buffers nothing.
 */
final class ServerHelloScanner {

    static final int SUPPORTED_VERSIONS = 43;
    /** Result flag: the message is a HelloRetryRequest. */
    static final int HELLO_RETRY_REQUEST = 1 << 16;
    private static final int RANDOM_AT = 2;
    private static final int RANDOM_LENGTH = 32;
    private static final int SESSION_ID_LENGTH_AT = RANDOM_AT + RANDOM_LENGTH;
    /** After the session id: cipher suite (2) and compression method (1). */
    private static final int AFTER_SESSION_ID = 3;
    private static final byte[] HRR_RANDOM = {
        (byte) 0xCF, 0x21, (byte) 0xAD, 0x74, (byte) 0xE5, (byte) 0x9A, 0x61, 0x11,
        (byte) 0xBE, 0x1D, (byte) 0x8C, 0x02, 0x1E, 0x65, (byte) 0xB8, (byte) 0x91,
        (byte) 0xC2, (byte) 0xA2, 0x11, 0x16, 0x7A, (byte) 0xBB, (byte) 0x8C, 0x5E,
        0x07, (byte) 0x9E, 0x09, (byte) 0xE2, (byte) 0xC8, (byte) 0xA8, 0x33, (byte) 0x9C};

    private int length;
    private int offset;
    private boolean unknown;
    private int legacyVersion;
    private boolean helloRetry;
    private int extensionsLengthAt;
    private int extensionsEnd;
    private int extensionAt;
    private int extensionType;
    private int extensionLength;
    private int selected;
    private int selectedBytes;

    /** Starts a ServerHello body of {@code length} bytes. */
    void start(int length) {
        this.length = length;
        offset = 0;
        unknown = false;
        legacyVersion = 0;
        helloRetry = true;
        extensionsLengthAt = Integer.MAX_VALUE;
        extensionsEnd = 0;
        extensionAt = Integer.MAX_VALUE;
        extensionType = 0;
        extensionLength = 0;
        selected = 0;
        selectedBytes = 0;
    }

    /** The next {@code count} body bytes, at {@code buf[at...]}. */
    void feed(ByteBuffer buf, int at, int count) {
        int end = Math.min(count, length - offset);
        for (int i = 0; i < end && !unknown; i++) {
            accept(buf.get(at + i) & 0xFF);
            offset++;
        }
    }

    /** Body bytes we do not have (lost or not captured). */
    void skip(int count) {
        if (count > 0 && selectedBytes < 2) {
            unknown = true;
        }
        offset += count;
    }

    /**
     * Once the whole body went by: the selected version (or'ed with {@link #HELLO_RETRY_REQUEST}), or 0 when
     * it cannot be known (bytes missing, or a body too short or inconsistent).
     */
    int result() {
        if (selectedBytes == 2) {
            return selected | (helloRetry ? HELLO_RETRY_REQUEST : 0);
        }
        boolean noExtensions = offset == extensionsLengthAt && offset == length;
        boolean extensionsWalked = extensionsEnd > 0 && offset >= extensionsEnd && extensionAt == extensionsEnd;
        if (unknown || offset < SESSION_ID_LENGTH_AT + 1 || !(noExtensions || extensionsWalked)) {
            return 0;
        }
        return legacyVersion | (helloRetry ? HELLO_RETRY_REQUEST : 0);
    }

    private void accept(int b) {
        int o = offset;
        if (o < RANDOM_AT) {
            legacyVersion = (legacyVersion << 8) | b;
        } else if (o < SESSION_ID_LENGTH_AT) {
            helloRetry &= (byte) b == HRR_RANDOM[o - RANDOM_AT];
        } else if (o == SESSION_ID_LENGTH_AT) {
            extensionsLengthAt = SESSION_ID_LENGTH_AT + 1 + b + AFTER_SESSION_ID;
        } else if (o == extensionsLengthAt || o == extensionsLengthAt + 1) {
            extensionsEnd = (extensionsEnd << 8) | b;
            if (o == extensionsLengthAt + 1) {
                extensionAt = o + 1;
                extensionsEnd += extensionAt;
            }
        } else if (o >= extensionAt && o < extensionsEnd) {
            acceptExtensionByte(o - extensionAt, b);
        }
    }

    private void acceptExtensionByte(int within, int b) {
        if (within < 2) {
            extensionType = (extensionType << 8) | b;
        } else if (within < 4) {
            extensionLength = (extensionLength << 8) | b;
        } else if (extensionType == SUPPORTED_VERSIONS && extensionLength == 2) {
            selected = (selected << 8) | b;
            selectedBytes++;
        }
        if (within >= 3 && within == 3 + extensionLength) {
            extensionAt += 4 + extensionLength;          // next extension header
            extensionType = 0;
            extensionLength = 0;
        }
    }
}
