package io.tunnelwatch.synth.tls;

import io.tunnelwatch.synth.packet.WireWriter;

import java.util.List;
import java.util.SplittableRandom;

/**
 * TLS records (RFC 5246, RFC 8446) and the SSLv2-compatible ClientHello (RFC 5246 appendix E.2), built byte by
 * byte. Encrypted content is random bytes of a realistic length: nothing downstream decrypts, and a reader must
 * only find the record boundaries and the cleartext types.
 */
public final class TlsMessages {
    public static final int CONTENT_CHANGE_CIPHER_SPEC = 20;
    public static final int CONTENT_ALERT = 21;
    public static final int CONTENT_HANDSHAKE = 22;
    public static final int CONTENT_APPLICATION_DATA = 23;

    public static final int HANDSHAKE_CLIENT_HELLO = 1;
    public static final int HANDSHAKE_SERVER_HELLO = 2;
    public static final int HANDSHAKE_CERTIFICATE = 11;
    public static final int HANDSHAKE_SERVER_HELLO_DONE = 14;
    public static final int HANDSHAKE_CLIENT_KEY_EXCHANGE = 16;

    public static final int VERSION_TLS10 = 0x0301;
    public static final int VERSION_TLS12 = 0x0303;
    public static final int VERSION_TLS13 = 0x0304;

    public static final int ALERT_LEVEL_WARNING = 1;
    public static final int ALERT_LEVEL_FATAL = 2;
    public static final int ALERT_HANDSHAKE_FAILURE = 40;
    public static final int ALERT_BAD_CERTIFICATE = 42;
    public static final int ALERT_UNKNOWN_CA = 48;
    public static final int ALERT_PROTOCOL_VERSION = 70;

    /** SSLv2 CLIENT-HELLO message code (SSL 2.0 draft, section "Client Only Protocol Messages"). */
    public static final int SSLV2_CLIENT_HELLO = 1;

    public static final int CIPHER_RSA_3DES_EDE_CBC_SHA = 0x000A;
    public static final int CIPHER_RSA_AES_128_CBC_SHA = 0x002F;
    public static final int CIPHER_ECDHE_RSA_AES_128_GCM_SHA256 = 0xC02F;
    public static final int CIPHER_TLS13_AES_128_GCM_SHA256 = 0x1301;

    private static final int EXTENSION_SERVER_NAME = 0;
    private static final int EXTENSION_SUPPORTED_GROUPS = 10;
    private static final int EXTENSION_SIGNATURE_ALGORITHMS = 13;
    private static final int EXTENSION_SUPPORTED_VERSIONS = 43;
    private static final int EXTENSION_KEY_SHARE = 51;
    private static final int GROUP_X25519 = 29;

    private TlsMessages() {
    }

    /** A TLS record: the 5-byte header (type, version, length) and its fragment. */
    public static byte[] record(int contentType, int version, byte[] fragment) {
        return new WireWriter(5 + fragment.length)
            .u8(contentType)          // content type: 20 CCS, 21 alert, 22 handshake, 23 application data
            .u16(version)             // record-layer version
            .u16(fragment.length)     // fragment length (at most 2^14 plus expansion)
            .bytes(fragment)
            .toByteArray();
    }

    /** A handshake message: 1-byte type, 3-byte length, body. */
    public static byte[] handshake(int type, byte[] body) {
        return new WireWriter(4 + body.length).u8(type).u24(body.length).bytes(body).toByteArray();
    }

    /**
     * An SSLv2-format CLIENT-HELLO offering {@code version} (the QuickVPN client on Windows XP offers TLS 1.0 this
     * way). Cipher specs are 3 bytes each: SSLv2 kinds (first byte non-zero) and TLS suites (first byte zero).
     */
    public static byte[] sslv2ClientHello(int version, int[] cipherSpecs, byte[] challenge) {
        WireWriter body = new WireWriter()
            .u8(SSLV2_CLIENT_HELLO)           // msg_type: CLIENT-HELLO
            .u16(version)                     // highest version the client supports (0x0301 = TLS 1.0)
            .u16(cipherSpecs.length * 3)      // cipher_spec_length
            .u16(0)                           // session_id_length: no session to resume
            .u16(challenge.length);           // challenge_length (16..32)
        for (int spec : cipherSpecs) {
            body.u24(spec);                   // cipher specs, 3 bytes each
        }
        body.bytes(challenge);                // challenge: becomes the client random
        byte[] message = body.toByteArray();
        return new WireWriter(2 + message.length)
            .u16(0x8000 | message.length)     // 2-byte header: high bit set, 15-bit record length, no padding
            .bytes(message)
            .toByteArray();
    }

    /** A ClientHello handshake message (not yet in a record). */
    public static byte[] clientHello(int clientVersion, byte[] random, int[] cipherSuites, boolean offerTls13,
                                     String serverName, SplittableRandom rng) {
        WireWriter body = new WireWriter()
            .u16(clientVersion)               // legacy_version: 0x0303 even when offering 1.3
            .bytes(random)                    // 32-byte client random
            .u8(0);                           // legacy_session_id: empty
        body.u16(cipherSuites.length * 2);    // cipher_suites length
        for (int suite : cipherSuites) {
            body.u16(suite);
        }
        body.u8(1).u8(0);                     // compression methods: one, null
        WireWriter extensions = new WireWriter();
        if (serverName != null) {
            byte[] name = serverName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            extensions.u16(EXTENSION_SERVER_NAME).u16(name.length + 5)
                .u16(name.length + 3)         // server_name_list length
                .u8(0)                        // name type: host_name
                .u16(name.length).bytes(name);
        }
        extensions.u16(EXTENSION_SUPPORTED_GROUPS).u16(6).u16(4).u16(GROUP_X25519).u16(23);  // x25519, secp256r1
        extensions.u16(EXTENSION_SIGNATURE_ALGORITHMS).u16(8).u16(6)
            .u16(0x0403).u16(0x0804).u16(0x0401);  // ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
        if (offerTls13) {
            extensions.u16(EXTENSION_SUPPORTED_VERSIONS).u16(5).u8(4).u16(VERSION_TLS13).u16(VERSION_TLS12);
            byte[] share = randomBytes(rng, 32);
            extensions.u16(EXTENSION_KEY_SHARE).u16(share.length + 6).u16(share.length + 4)
                .u16(GROUP_X25519).u16(share.length).bytes(share);
        }
        byte[] extensionBytes = extensions.toByteArray();
        body.u16(extensionBytes.length).bytes(extensionBytes);
        return handshake(HANDSHAKE_CLIENT_HELLO, body.toByteArray());
    }

    /**
     * A ServerHello. With {@code selectTls13} it carries supported_versions = TLS 1.3 (RFC 8446 section 4.2.1):
     * the only place the negotiated 1.3 version is visible, since legacy_version stays 0x0303.
     */
    public static byte[] serverHello(int legacyVersion, byte[] random, byte[] sessionId, int cipherSuite,
                                     boolean selectTls13, SplittableRandom rng) {
        WireWriter body = new WireWriter()
            .u16(legacyVersion)               // server_version / legacy_version
            .bytes(random)                    // 32-byte server random
            .u8(sessionId.length).bytes(sessionId)  // session id (echoed in 1.3)
            .u16(cipherSuite)                 // selected cipher suite
            .u8(0);                           // selected compression: null
        if (selectTls13) {
            byte[] share = randomBytes(rng, 32);
            WireWriter extensions = new WireWriter()
                .u16(EXTENSION_SUPPORTED_VERSIONS).u16(2).u16(VERSION_TLS13)
                .u16(EXTENSION_KEY_SHARE).u16(share.length + 4).u16(GROUP_X25519).u16(share.length).bytes(share);
            byte[] extensionBytes = extensions.toByteArray();
            body.u16(extensionBytes.length).bytes(extensionBytes);
        }
        return handshake(HANDSHAKE_SERVER_HELLO, body.toByteArray());
    }

    /** A Certificate message with the given DER certificates, each behind its 3-byte length. */
    public static byte[] certificate(List<byte[]> derCertificates) {
        WireWriter list = new WireWriter();
        for (byte[] der : derCertificates) {
            list.u24(der.length).bytes(der);
        }
        byte[] listBytes = list.toByteArray();
        return handshake(HANDSHAKE_CERTIFICATE,
            new WireWriter().u24(listBytes.length).bytes(listBytes).toByteArray());
    }

    public static byte[] serverHelloDone() {
        return handshake(HANDSHAKE_SERVER_HELLO_DONE, new byte[0]);
    }

    /** RSA ClientKeyExchange: the encrypted pre-master secret behind a 2-byte length (TLS 1.0 and later). */
    public static byte[] clientKeyExchangeRsa(int modulusBytes, SplittableRandom rng) {
        byte[] encrypted = randomBytes(rng, modulusBytes);
        return handshake(HANDSHAKE_CLIENT_KEY_EXCHANGE,
            new WireWriter().u16(encrypted.length).bytes(encrypted).toByteArray());
    }

    public static byte[] changeCipherSpec(int version) {
        return record(CONTENT_CHANGE_CIPHER_SPEC, version, new byte[] {1});
    }

    /** A record whose fragment is ciphertext: Finished ("Encrypted Handshake Message"), data or alert. */
    public static byte[] encryptedRecord(int contentType, int version, int fragmentLength, SplittableRandom rng) {
        return record(contentType, version, randomBytes(rng, fragmentLength));
    }

    /** A cleartext alert: level (1 warning, 2 fatal) and description. */
    public static byte[] alert(int version, int level, int description) {
        return record(CONTENT_ALERT, version, new byte[] {(byte) level, (byte) description});
    }

    /**
     * Length of a CBC-encrypted TLS 1.0 fragment (no explicit IV): content plus MAC plus at least one padding
     * byte, rounded up to the block size.
     */
    public static int cbcFragmentLength(int contentLength, int macLength, int blockSize) {
        int unpadded = contentLength + macLength + 1;
        return (unpadded + blockSize - 1) / blockSize * blockSize;
    }

    public static byte[] concat(byte[]... parts) {
        WireWriter all = new WireWriter();
        for (byte[] part : parts) {
            all.bytes(part);
        }
        return all.toByteArray();
    }

    public static byte[] randomBytes(SplittableRandom rng, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) rng.nextInt(256);
        }
        return bytes;
    }
}
