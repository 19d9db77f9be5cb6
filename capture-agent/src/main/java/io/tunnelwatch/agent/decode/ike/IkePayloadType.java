package io.tunnelwatch.agent.decode.ike;

/**
 * A Next Payload code (one byte). Open: an unknown code is kept and shown by its number.
 *
 * <p>IKEv1 codes 0-13 from RFC 2408 section 3.1, 14 (attributes, mode-config draft),
 * 20-21 from RFC 3947 (NAT-D, NAT-OA), 130-131 the pre-RFC NAT-T drafts, 132 Cisco/IKEv1 fragmentation.
 * IKEv2 codes 33-54 from RFC 7296 section 3.2 plus RFC 7383 (53, Encrypted Fragment).
 */
public record IkePayloadType(int code) {

    public static final IkePayloadType NONE = new IkePayloadType(0);
    public static final IkePayloadType SA_V1 = new IkePayloadType(1);
    public static final IkePayloadType PROPOSAL_V1 = new IkePayloadType(2);
    public static final IkePayloadType TRANSFORM_V1 = new IkePayloadType(3);
    public static final IkePayloadType KEY_EXCHANGE_V1 = new IkePayloadType(4);
    public static final IkePayloadType IDENTIFICATION_V1 = new IkePayloadType(5);
    public static final IkePayloadType CERTIFICATE_V1 = new IkePayloadType(6);
    public static final IkePayloadType CERTIFICATE_REQUEST_V1 = new IkePayloadType(7);
    public static final IkePayloadType HASH_V1 = new IkePayloadType(8);
    public static final IkePayloadType SIGNATURE_V1 = new IkePayloadType(9);
    public static final IkePayloadType NONCE_V1 = new IkePayloadType(10);
    public static final IkePayloadType NOTIFY_V1 = new IkePayloadType(11);
    public static final IkePayloadType DELETE_V1 = new IkePayloadType(12);
    public static final IkePayloadType VENDOR_ID_V1 = new IkePayloadType(13);
    public static final IkePayloadType ATTRIBUTES_V1 = new IkePayloadType(14);
    public static final IkePayloadType NAT_D_V1 = new IkePayloadType(20);
    public static final IkePayloadType NAT_OA_V1 = new IkePayloadType(21);
    public static final IkePayloadType NAT_D_DRAFT = new IkePayloadType(130);
    public static final IkePayloadType NAT_OA_DRAFT = new IkePayloadType(131);
    public static final IkePayloadType FRAGMENT_V1 = new IkePayloadType(132);

    public static final IkePayloadType SECURITY_ASSOCIATION = new IkePayloadType(33);
    public static final IkePayloadType KEY_EXCHANGE = new IkePayloadType(34);
    public static final IkePayloadType IDENTIFICATION_INITIATOR = new IkePayloadType(35);
    public static final IkePayloadType IDENTIFICATION_RESPONDER = new IkePayloadType(36);
    public static final IkePayloadType CERTIFICATE = new IkePayloadType(37);
    public static final IkePayloadType CERTIFICATE_REQUEST = new IkePayloadType(38);
    public static final IkePayloadType AUTHENTICATION = new IkePayloadType(39);
    public static final IkePayloadType NONCE = new IkePayloadType(40);
    public static final IkePayloadType NOTIFY = new IkePayloadType(41);
    public static final IkePayloadType DELETE = new IkePayloadType(42);
    public static final IkePayloadType VENDOR_ID = new IkePayloadType(43);
    public static final IkePayloadType TRAFFIC_SELECTOR_INITIATOR = new IkePayloadType(44);
    public static final IkePayloadType TRAFFIC_SELECTOR_RESPONDER = new IkePayloadType(45);
    public static final IkePayloadType ENCRYPTED = new IkePayloadType(46);
    public static final IkePayloadType CONFIGURATION = new IkePayloadType(47);
    public static final IkePayloadType EAP = new IkePayloadType(48);
    public static final IkePayloadType ENCRYPTED_FRAGMENT = new IkePayloadType(53);

    public IkePayloadType {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("payload type is one byte, got " + code);
        }
    }

    public static IkePayloadType of(int code) {
        return new IkePayloadType(code & 0xFF);
    }

    /** True for Notify in either version (11 in IKEv1, 41 in IKEv2). */
    public static boolean isNotify(int code) {
        return code == 11 || code == 41;
    }

    public static boolean isDelete(int code) {
        return code == 12 || code == 42;
    }

    public static boolean isVendorId(int code) {
        return code == 13 || code == 43;
    }

    /** IKEv2 payloads after which everything is ciphertext: SK (46) and SKF (53, RFC 7383). */
    public static boolean isEncryptedV2(int code) {
        return code == 46 || code == 53;
    }

    public String knownName() {
        return switch (code) {
            case 0 -> "NONE";
            case 1 -> "SA";
            case 2 -> "P";
            case 3 -> "T";
            case 4 -> "KE";
            case 5 -> "ID";
            case 6 -> "CERT";
            case 7 -> "CR";
            case 8 -> "HASH";
            case 9 -> "SIG";
            case 10 -> "NONCE";
            case 11 -> "N";
            case 12 -> "D";
            case 13 -> "VID";
            case 14 -> "ATTR";
            case 20 -> "NAT-D";
            case 21 -> "NAT-OA";
            case 130 -> "NAT-D-DRAFT";
            case 131 -> "NAT-OA-DRAFT";
            case 132 -> "FRAG";
            case 33 -> "SA";
            case 34 -> "KE";
            case 35 -> "IDi";
            case 36 -> "IDr";
            case 37 -> "CERT";
            case 38 -> "CERTREQ";
            case 39 -> "AUTH";
            case 40 -> "Ni/Nr";
            case 41 -> "N";
            case 42 -> "D";
            case 43 -> "V";
            case 44 -> "TSi";
            case 45 -> "TSr";
            case 46 -> "SK";
            case 47 -> "CP";
            case 48 -> "EAP";
            case 53 -> "SKF";
            default -> null;
        };
    }

    @Override
    public String toString() {
        String name = knownName();
        return name != null ? name : Integer.toString(code);
    }
}
