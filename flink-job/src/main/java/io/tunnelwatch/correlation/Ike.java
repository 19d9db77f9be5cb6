package io.tunnelwatch.correlation;

/** ISAKMP/IKE wire codes the correlation looks at (RFC 2408/2409 for IKEv1, RFC 7296 for IKEv2). */
final class Ike {
    static final int V1_IDENTITY_PROTECTION = 2;
    static final int V1_AGGRESSIVE = 4;
    static final int V1_INFORMATIONAL = 5;
    /** Transaction exchange (XAUTH, Mode-Config; draft-ietf-ipsec-isakmp-mode-cfg). */
    static final int V1_TRANSACTION = 6;
    static final int V1_QUICK_MODE = 32;
    static final int V2_IKE_SA_INIT = 34;
    static final int V2_IKE_AUTH = 35;

    /** IKEv2 header flags (RFC 7296 §3.1). */
    static final int V2_FLAG_INITIATOR = 0x08;
    static final int V2_FLAG_RESPONSE = 0x20;
    static final int V2_PAYLOAD_SA = 33;

    /** IKEv2 INVALID_KE_PAYLOAD: a retry hint. In IKEv1 the same number is INVALID-KEY-INFORMATION, an error. */
    static final int INVALID_KE_PAYLOAD = 17;
    /** IKEv2 COOKIE (RFC 7296 §2.6): a status type asking the initiator to retry; never a failure. */
    static final int COOKIE = 16390;
    /** Notify types below this are errors in both versions (RFC 2408 §3.14.1, RFC 7296 §3.10.1). */
    private static final int FIRST_STATUS_TYPE = 16384;

    private Ike() {
    }

    static boolean isErrorNotify(int type) {
        return type >= 1 && type < FIRST_STATUS_TYPE;
    }

    /** A few notify names worth seeing in an alert; others show as numbers. */
    static String notifyName(int version, int type) {
        return switch (type) {
            case 1 -> "INVALID_PAYLOAD_TYPE";
            case 7 -> "INVALID_SYNTAX";
            case 9 -> version == 2 ? "INVALID_MESSAGE_ID" : "INVALID-MESSAGE-ID";
            case 11 -> "INVALID_SPI";
            case 14 -> "NO_PROPOSAL_CHOSEN";
            case 17 -> version == 2 ? "INVALID_KE_PAYLOAD" : "INVALID-KEY-INFORMATION";
            case 24 -> "AUTHENTICATION_FAILED";
            case 34 -> "SINGLE_PAIR_REQUIRED";
            case 35 -> "NO_ADDITIONAL_SAS";
            case 36 -> "INTERNAL_ADDRESS_FAILURE";
            case 38 -> "TS_UNACCEPTABLE";
            default -> "notify " + type;
        };
    }
}
