package io.tunnelwatch.agent.decode.tls;

import java.nio.ByteBuffer;

/**
 * Recognises the SSL 2.0 hellos (draft-hickman-netscape-ssl-00, and RFC 5246 appendix E.2 for the
 * SSLv2-format ClientHello that offers SSL 3.0/TLS). An SSLv2 record has no content type, so a hello is
 * believed only when every length in it adds up exactly to the record length.
 */
final class SslV2Hello {

    /** 2-byte record header, message type, version, three 2-byte lengths. */
    static final int CLIENT_HELLO_FIXED = 11;
    /** 2-byte record header, type, session-id-hit, certificate type, version, three 2-byte lengths. */
    static final int SERVER_HELLO_FIXED = 13;
    /** draft-hickman: the challenge is 16 to 32 bytes. */
    private static final int MIN_CHALLENGE = 16;
    private static final int MAX_CHALLENGE = 32;
    /** draft-hickman: the connection id is 16 to 32 bytes. */
    private static final int MIN_CONNECTION_ID = 16;
    private static final int MAX_CONNECTION_ID = 32;
    /** Each SSLv2 cipher spec is 3 bytes. */
    private static final int CIPHER_SPEC_SIZE = 3;

    private SslV2Hello() {
    }

    /** Length of the body after a 2-byte header (high bit set), or -1 when the first byte has no high bit. */
    static int twoByteHeaderLength(int b0, int b1) {
        return (b0 & 0x80) != 0 ? ((b0 & 0x7F) << 8) | b1 : -1;
    }

    static boolean isClientHello(ByteBuffer buf, int at, int readable) {
        if (readable < CLIENT_HELLO_FIXED) {
            return false;
        }
        int length = twoByteHeaderLength(u8(buf, at), u8(buf, at + 1));
        if (length < 0 || u8(buf, at + 2) != TlsHandshakeType.SSLV2_CLIENT_HELLO) {
            return false;
        }
        int version = u16(buf, at + 3);
        int cipherSpecs = u16(buf, at + 5);
        int sessionId = u16(buf, at + 7);
        int challenge = u16(buf, at + 9);
        boolean plausibleVersion = version == 0x0002 || (version >= 0x0300 && version <= 0x0303);
        return plausibleVersion
                && cipherSpecs > 0 && cipherSpecs % CIPHER_SPEC_SIZE == 0
                && (sessionId == 0 || sessionId == 16)
                && challenge >= MIN_CHALLENGE && challenge <= MAX_CHALLENGE
                && CLIENT_HELLO_FIXED - 2 + cipherSpecs + sessionId + challenge == length;
    }

    static boolean isServerHello(ByteBuffer buf, int at, int readable) {
        if (readable < SERVER_HELLO_FIXED) {
            return false;
        }
        int length = twoByteHeaderLength(u8(buf, at), u8(buf, at + 1));
        if (length < 0 || u8(buf, at + 2) != TlsHandshakeType.SSLV2_SERVER_HELLO) {
            return false;
        }
        int sessionIdHit = u8(buf, at + 3);
        int version = u16(buf, at + 5);
        int certificate = u16(buf, at + 7);
        int cipherSpecs = u16(buf, at + 9);
        int connectionId = u16(buf, at + 11);
        return sessionIdHit <= 1 && version == 0x0002
                && cipherSpecs % CIPHER_SPEC_SIZE == 0
                && connectionId >= MIN_CONNECTION_ID && connectionId <= MAX_CONNECTION_ID
                && SERVER_HELLO_FIXED - 2 + certificate + cipherSpecs + connectionId == length;
    }

    private static int u8(ByteBuffer buf, int index) {
        return buf.get(index) & 0xFF;
    }

    private static int u16(ByteBuffer buf, int index) {
        return buf.getShort(index) & 0xFFFF;
    }
}
