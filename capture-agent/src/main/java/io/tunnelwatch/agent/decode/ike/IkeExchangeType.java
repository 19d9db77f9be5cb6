package io.tunnelwatch.agent.decode.ike;

/**
 * The ISAKMP header's Exchange Type (one byte). Open: an unknown code is kept and shown by its number.
 *
 * <p>IKEv1 values from RFC 2408 section 3.1 and RFC 2409 (Quick Mode, New Group Mode), the
 * Transaction exchange from draft-ietf-ipsec-isakmp-mode-cfg; IKEv2 values from RFC 7296 section 3.1.
 */
public record IkeExchangeType(int code) {

    public static final IkeExchangeType NONE = new IkeExchangeType(0);
    public static final IkeExchangeType BASE = new IkeExchangeType(1);
    /** Main Mode in IKEv1 terms (RFC 2409 section 5). */
    public static final IkeExchangeType IDENTITY_PROTECTION = new IkeExchangeType(2);
    public static final IkeExchangeType AUTHENTICATION_ONLY = new IkeExchangeType(3);
    public static final IkeExchangeType AGGRESSIVE = new IkeExchangeType(4);
    public static final IkeExchangeType INFORMATIONAL_V1 = new IkeExchangeType(5);
    /** Mode-config / XAUTH (draft-ietf-ipsec-isakmp-mode-cfg). */
    public static final IkeExchangeType TRANSACTION = new IkeExchangeType(6);
    public static final IkeExchangeType QUICK_MODE = new IkeExchangeType(32);
    public static final IkeExchangeType NEW_GROUP_MODE = new IkeExchangeType(33);
    public static final IkeExchangeType IKE_SA_INIT = new IkeExchangeType(34);
    public static final IkeExchangeType IKE_AUTH = new IkeExchangeType(35);
    public static final IkeExchangeType CREATE_CHILD_SA = new IkeExchangeType(36);
    public static final IkeExchangeType INFORMATIONAL = new IkeExchangeType(37);
    /** RFC 7296 section 1.5 does not define it; RFC 5723 (session resumption). */
    public static final IkeExchangeType IKE_SESSION_RESUME = new IkeExchangeType(38);
    /** RFC 9242. */
    public static final IkeExchangeType IKE_INTERMEDIATE = new IkeExchangeType(43);

    public IkeExchangeType {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("exchange type is one byte, got " + code);
        }
    }

    public static IkeExchangeType of(int code) {
        return new IkeExchangeType(code & 0xFF);
    }

    /** The name used by the RFCs, or null for a code this type has no name for. */
    public String knownName() {
        return switch (code) {
            case 0 -> "NONE";
            case 1 -> "BASE";
            case 2 -> "IDENTITY_PROTECTION";
            case 3 -> "AUTHENTICATION_ONLY";
            case 4 -> "AGGRESSIVE";
            case 5 -> "INFORMATIONAL_V1";
            case 6 -> "TRANSACTION";
            case 32 -> "QUICK_MODE";
            case 33 -> "NEW_GROUP_MODE";
            case 34 -> "IKE_SA_INIT";
            case 35 -> "IKE_AUTH";
            case 36 -> "CREATE_CHILD_SA";
            case 37 -> "INFORMATIONAL";
            case 38 -> "IKE_SESSION_RESUME";
            case 43 -> "IKE_INTERMEDIATE";
            default -> null;
        };
    }

    public boolean isIkev2() {
        return code >= 34 && code <= 240;
    }

    @Override
    public String toString() {
        String name = knownName();
        return name != null ? name : Integer.toString(code);
    }
}
