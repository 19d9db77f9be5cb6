package io.tunnelwatch.agent.decode.ike;

/**
 * A Notify Message Type (two bytes). The same number means different things in IKEv1 and IKEv2
 * (17 is INVALID-KEY-INFORMATION in IKEv1 but INVALID_KE_PAYLOAD in IKEv2), so names are asked for
 * with the IKE major version. Open: an unknown code is kept and shown by its number.
 *
 * <p>Both versions reserve 1..16383 for errors and 16384..65535 for status (RFC 2408 section 3.14.1,
 * RFC 7296 section 3.10.1). IKEv1 names: RFC 2408 3.14.1, RFC 2407 4.6.3, RFC 3706 (DPD).
 * IKEv2 names: RFC 7296 3.10.1 and the IANA "IKEv2 Notify Message Types" registry.
 */
public record IkeNotifyType(int code) {

    /** Error types are below this value, status types at or above it. */
    public static final int FIRST_STATUS_TYPE = 16384;

    public static final IkeNotifyType NO_PROPOSAL_CHOSEN = new IkeNotifyType(14);
    /** IKEv2 only; in IKEv1 the same number is INVALID-KEY-INFORMATION. */
    public static final IkeNotifyType INVALID_KE_PAYLOAD = new IkeNotifyType(17);
    public static final IkeNotifyType AUTHENTICATION_FAILED = new IkeNotifyType(24);
    public static final IkeNotifyType TS_UNACCEPTABLE = new IkeNotifyType(38);
    public static final IkeNotifyType INITIAL_CONTACT_V2 = new IkeNotifyType(16384);
    public static final IkeNotifyType NAT_DETECTION_SOURCE_IP = new IkeNotifyType(16388);
    public static final IkeNotifyType NAT_DETECTION_DESTINATION_IP = new IkeNotifyType(16389);
    public static final IkeNotifyType COOKIE = new IkeNotifyType(16390);
    public static final IkeNotifyType INITIAL_CONTACT_V1 = new IkeNotifyType(24578);
    public static final IkeNotifyType R_U_THERE = new IkeNotifyType(36136);
    public static final IkeNotifyType R_U_THERE_ACK = new IkeNotifyType(36137);

    public IkeNotifyType {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("notify message type is two bytes, got " + code);
        }
    }

    public static IkeNotifyType of(int code) {
        return new IkeNotifyType(code & 0xFFFF);
    }

    /** True for 1..16383: the peer reports that something failed. */
    public static boolean isError(int code) {
        return code >= 1 && code < FIRST_STATUS_TYPE;
    }

    public boolean isError() {
        return isError(code);
    }

    /** The name in the given IKE major version (1 or 2), or the number when it has none. */
    public String name(int majorVersion) {
        String name = majorVersion == 1 ? ikev1Name(code) : ikev2Name(code);
        return name != null ? name : Integer.toString(code);
    }

    /** RFC 2408 spelling (hyphens), or null. */
    public static String ikev1Name(int code) {
        return switch (code) {
            case 1 -> "INVALID-PAYLOAD-TYPE";
            case 2 -> "DOI-NOT-SUPPORTED";
            case 3 -> "SITUATION-NOT-SUPPORTED";
            case 4 -> "INVALID-COOKIE";
            case 5 -> "INVALID-MAJOR-VERSION";
            case 6 -> "INVALID-MINOR-VERSION";
            case 7 -> "INVALID-EXCHANGE-TYPE";
            case 8 -> "INVALID-FLAGS";
            case 9 -> "INVALID-MESSAGE-ID";
            case 10 -> "INVALID-PROTOCOL-ID";
            case 11 -> "INVALID-SPI";
            case 12 -> "INVALID-TRANSFORM-ID";
            case 13 -> "ATTRIBUTES-NOT-SUPPORTED";
            case 14 -> "NO-PROPOSAL-CHOSEN";
            case 15 -> "BAD-PROPOSAL-SYNTAX";
            case 16 -> "PAYLOAD-MALFORMED";
            case 17 -> "INVALID-KEY-INFORMATION";
            case 18 -> "INVALID-ID-INFORMATION";
            case 19 -> "INVALID-CERT-ENCODING";
            case 20 -> "INVALID-CERTIFICATE";
            case 21 -> "CERT-TYPE-UNSUPPORTED";
            case 22 -> "INVALID-CERT-AUTHORITY";
            case 23 -> "INVALID-HASH-INFORMATION";
            case 24 -> "AUTHENTICATION-FAILED";
            case 25 -> "INVALID-SIGNATURE";
            case 26 -> "ADDRESS-NOTIFICATION";
            case 27 -> "NOTIFY-SA-LIFETIME";
            case 28 -> "CERTIFICATE-UNAVAILABLE";
            case 29 -> "UNSUPPORTED-EXCHANGE-TYPE";
            case 30 -> "UNEQUAL-PAYLOAD-LENGTHS";
            case 16384 -> "CONNECTED";
            case 24576 -> "RESPONDER-LIFETIME";
            case 24577 -> "REPLAY-STATUS";
            case 24578 -> "INITIAL-CONTACT";
            case 36136 -> "R-U-THERE";
            case 36137 -> "R-U-THERE-ACK";
            default -> null;
        };
    }

    /** RFC 7296 spelling (underscores), or null. */
    public static String ikev2Name(int code) {
        return switch (code) {
            case 1 -> "UNSUPPORTED_CRITICAL_PAYLOAD";
            case 4 -> "INVALID_IKE_SPI";
            case 5 -> "INVALID_MAJOR_VERSION";
            case 7 -> "INVALID_SYNTAX";
            case 9 -> "INVALID_MESSAGE_ID";
            case 11 -> "INVALID_SPI";
            case 14 -> "NO_PROPOSAL_CHOSEN";
            case 17 -> "INVALID_KE_PAYLOAD";
            case 24 -> "AUTHENTICATION_FAILED";
            case 34 -> "SINGLE_PAIR_REQUIRED";
            case 35 -> "NO_ADDITIONAL_SAS";
            case 36 -> "INTERNAL_ADDRESS_FAILURE";
            case 37 -> "FAILED_CP_REQUIRED";
            case 38 -> "TS_UNACCEPTABLE";
            case 39 -> "INVALID_SELECTORS";
            case 40 -> "UNACCEPTABLE_ADDRESSES";
            case 41 -> "UNEXPECTED_NAT_DETECTED";
            case 42 -> "USE_ASSIGNED_HoA";
            case 43 -> "TEMPORARY_FAILURE";
            case 44 -> "CHILD_SA_NOT_FOUND";
            case 45 -> "INVALID_GROUP_ID";
            case 46 -> "AUTHORIZATION_FAILED";
            case 16384 -> "INITIAL_CONTACT";
            case 16385 -> "SET_WINDOW_SIZE";
            case 16386 -> "ADDITIONAL_TS_POSSIBLE";
            case 16387 -> "IPCOMP_SUPPORTED";
            case 16388 -> "NAT_DETECTION_SOURCE_IP";
            case 16389 -> "NAT_DETECTION_DESTINATION_IP";
            case 16390 -> "COOKIE";
            case 16391 -> "USE_TRANSPORT_MODE";
            case 16392 -> "HTTP_CERT_LOOKUP_SUPPORTED";
            case 16393 -> "REKEY_SA";
            case 16394 -> "ESP_TFC_PADDING_NOT_SUPPORTED";
            case 16395 -> "NON_FIRST_FRAGMENTS_ALSO";
            case 16396 -> "MOBIKE_SUPPORTED";
            case 16397 -> "ADDITIONAL_IP4_ADDRESS";
            case 16398 -> "ADDITIONAL_IP6_ADDRESS";
            case 16399 -> "NO_ADDITIONAL_ADDRESSES";
            case 16400 -> "UPDATE_SA_ADDRESSES";
            case 16401 -> "COOKIE2";
            case 16402 -> "NO_NATS_ALLOWED";
            case 16403 -> "AUTH_LIFETIME";
            case 16404 -> "MULTIPLE_AUTH_SUPPORTED";
            case 16405 -> "ANOTHER_AUTH_FOLLOWS";
            case 16406 -> "REDIRECT_SUPPORTED";
            case 16407 -> "REDIRECT";
            case 16408 -> "REDIRECTED_FROM";
            case 16417 -> "EAP_ONLY_AUTHENTICATION";
            case 16418 -> "CHILDLESS_IKEV2_SUPPORTED";
            case 16430 -> "IKEV2_FRAGMENTATION_SUPPORTED";
            case 16431 -> "SIGNATURE_HASH_ALGORITHMS";
            default -> null;
        };
    }

    @Override
    public String toString() {
        return Integer.toString(code);
    }
}
