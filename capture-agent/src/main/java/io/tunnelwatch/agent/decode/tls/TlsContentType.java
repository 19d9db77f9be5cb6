package io.tunnelwatch.agent.decode.tls;

/**
 * A TLS record ContentType (RFC 8446 5.1, RFC 6520 for heartbeat). Open: unknown codes keep their number.
 */
public record TlsContentType(int code) {

    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;
    public static final int HEARTBEAT = 24;

    /** The content types a record header may carry; anything else means we are not at a record boundary. */
    public static boolean isValid(int code) {
        return code >= CHANGE_CIPHER_SPEC && code <= HEARTBEAT;
    }

    public String knownName() {
        return switch (code) {
            case CHANGE_CIPHER_SPEC -> "change_cipher_spec";
            case ALERT -> "alert";
            case HANDSHAKE -> "handshake";
            case APPLICATION_DATA -> "application_data";
            case HEARTBEAT -> "heartbeat";
            default -> null;
        };
    }

    @Override
    public String toString() {
        String name = knownName();
        return name != null ? name : Integer.toString(code);
    }
}
