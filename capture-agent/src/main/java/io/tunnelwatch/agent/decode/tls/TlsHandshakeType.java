package io.tunnelwatch.agent.decode.tls;

/**
 * A TLS HandshakeType (RFC 5246 7.4, RFC 8446 4, IANA "TLS HandshakeType" registry). Open: unknown codes
 * keep their number. SSLv2-format records carry SSLv2 message codes instead (see {@link #sslv2Name(int)}).
 */
public record TlsHandshakeType(int code) {

    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;
    public static final int CERTIFICATE = 11;
    public static final int SERVER_HELLO_DONE = 14;
    public static final int CLIENT_KEY_EXCHANGE = 16;
    public static final int FINISHED = 20;

    /** SSL 2.0 message codes (draft-hickman-netscape-ssl-00). */
    public static final int SSLV2_CLIENT_HELLO = 1;
    public static final int SSLV2_CLIENT_MASTER_KEY = 2;
    public static final int SSLV2_SERVER_HELLO = 4;

    public static boolean isKnown(int code) {
        return knownName(code) != null;
    }

    public static String knownName(int code) {
        return switch (code) {
            case 0 -> "hello_request";
            case 1 -> "client_hello";
            case 2 -> "server_hello";
            case 3 -> "hello_verify_request";
            case 4 -> "new_session_ticket";
            case 5 -> "end_of_early_data";
            case 6 -> "hello_retry_request";
            case 8 -> "encrypted_extensions";
            case 11 -> "certificate";
            case 12 -> "server_key_exchange";
            case 13 -> "certificate_request";
            case 14 -> "server_hello_done";
            case 15 -> "certificate_verify";
            case 16 -> "client_key_exchange";
            case 20 -> "finished";
            case 21 -> "certificate_url";
            case 22 -> "certificate_status";
            case 23 -> "supplemental_data";
            case 24 -> "key_update";
            case 25 -> "compressed_certificate";
            case 67 -> "next_protocol";
            case 254 -> "message_hash";
            default -> null;
        };
    }

    public static String sslv2Name(int code) {
        return switch (code) {
            case 0 -> "error";
            case 1 -> "client_hello";
            case 2 -> "client_master_key";
            case 3 -> "client_finished";
            case 4 -> "server_hello";
            case 5 -> "server_verify";
            case 6 -> "server_finished";
            case 7 -> "request_certificate";
            case 8 -> "client_certificate";
            default -> null;
        };
    }

    @Override
    public String toString() {
        String name = knownName(code);
        return name != null ? name : Integer.toString(code);
    }
}
