package io.tunnelwatch.agent.decode.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Test-only builders of TLS bytes, each documented field by field. */
final class TlsBytes {

    static final int TLS10 = 0x0301;
    static final int TLS12 = 0x0303;
    static final int TLS13 = 0x0304;

    private TlsBytes() {
    }

    /** A record: content type (1), legacy version (2), length (2), then the body. */
    static byte[] record(int contentType, int version, byte[] body) {
        return concat(bytes(contentType, version >> 8, version & 0xFF, body.length >> 8, body.length & 0xFF), body);
    }

    /** A handshake message: type (1), 24-bit length, then the body. */
    static byte[] handshake(int type, byte[] body) {
        return concat(bytes(type, body.length >> 16, (body.length >> 8) & 0xFF, body.length & 0xFF), body);
    }

    static byte[] clientHelloBody() {
        return concat(bytes(0x03, 0x03), filled(32, 0x11),   // legacy_version 1.2, random
                bytes(0,                                    // session id length 0
                        0, 2, 0x13, 0x01,                   // cipher suites: TLS_AES_128_GCM_SHA256
                        1, 0));                             // compression methods: null
    }

    /** ServerHello body; a non-zero {@code supportedVersion} adds the supported_versions extension (43). */
    static byte[] serverHelloBody(int legacyVersion, int supportedVersion, boolean helloRetry) {
        byte[] random = helloRetry ? hrrRandom() : filled(32, 0x22);
        byte[] fixed = concat(bytes(legacyVersion >> 8, legacyVersion & 0xFF), random,
                bytes(0,                                    // session id length 0
                        0x13, 0x01,                         // cipher suite
                        0));                                // compression method null
        if (supportedVersion == 0) {
            return fixed;
        }
        return concat(fixed, bytes(0, 10,                   // extensions length 10
                0xff, 0x01, 0, 0,                           // renegotiation_info, empty (skipped over)
                0, 43, 0, 2,                                // supported_versions, length 2
                supportedVersion >> 8, supportedVersion & 0xFF));
    }

    static byte[] hrrRandom() {
        return bytes(0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
                0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C);
    }

    /** The SSLv2-format ClientHello of zeek's ssl-v2.pcap, shape kept: 2-byte header, 3 cipher specs. */
    static byte[] sslv2ClientHello() {
        return concat(bytes(
                0x80, 9 + 9 + 16,                           // 2-byte header (high bit), length 34
                1,                                          // CLIENT-HELLO
                0x00, 0x02,                                 // version: SSL 2.0
                0, 9,                                       // cipher specs length: 3 specs of 3 bytes
                0, 0,                                       // session id length 0
                0, 16),                                     // challenge length 16
                bytes(0x01, 0x00, 0x80, 0x07, 0x00, 0xc0, 0x03, 0x00, 0x80),
                filled(16, 0x33));
    }

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }
}
