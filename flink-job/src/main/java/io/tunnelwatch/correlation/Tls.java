package io.tunnelwatch.correlation;

/** TLS and TCP wire codes the correlation looks at (RFC 9293, RFC 5246, RFC 8446). */
final class Tls {
    static final int TCP_FIN = 0x01;
    static final int TCP_SYN = 0x02;
    static final int TCP_RST = 0x04;
    static final int TCP_ACK = 0x10;

    static final int CHANGE_CIPHER_SPEC = 20;
    static final int APPLICATION_DATA = 23;
    static final int ALERT_LEVEL_FATAL = 2;
    /** ClientHello (RFC 5246 §7.4); also SSLv2 CLIENT-HELLO's message code. */
    static final int CLIENT_HELLO = 1;
    /** From TLS 1.3 on, ChangeCipherSpec is middlebox camouflage and says nothing of completion. */
    static final int TLS_1_3 = 0x0304;

    private Tls() {
    }

    /** A few alert descriptions a network engineer recognizes (RFC 8446 §6); others show as numbers. */
    static String alertName(int description) {
        return switch (description) {
            case 0 -> "close_notify";
            case 10 -> "unexpected_message";
            case 20 -> "bad_record_mac";
            case 40 -> "handshake_failure";
            case 42 -> "bad_certificate";
            case 43 -> "unsupported_certificate";
            case 44 -> "certificate_revoked";
            case 45 -> "certificate_expired";
            case 46 -> "certificate_unknown";
            case 47 -> "illegal_parameter";
            case 48 -> "unknown_ca";
            case 50 -> "decode_error";
            case 51 -> "decrypt_error";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            case 86 -> "inappropriate_fallback";
            case 112 -> "unrecognized_name";
            default -> "alert " + description;
        };
    }
}
