package io.tunnelwatch.synth.ike;

import io.tunnelwatch.synth.packet.WireWriter;

import java.util.SplittableRandom;

import static io.tunnelwatch.synth.tls.TlsMessages.randomBytes;

/**
 * IKEv2 messages (RFC 7296): IKE_SA_INIT request and response (with NAT detection, INVALID_KE_PAYLOAD and COOKIE
 * notifies), IKE_AUTH and INFORMATIONAL inside an SK payload. One instance per IKE SA: it holds both SPIs.
 */
public final class IkeV2Messages {
    public static final int EXCHANGE_IKE_SA_INIT = 34;
    public static final int EXCHANGE_IKE_AUTH = 35;
    public static final int EXCHANGE_CREATE_CHILD_SA = 36;
    public static final int EXCHANGE_INFORMATIONAL = 37;

    public static final int FLAG_INITIATOR = 0x08;
    public static final int FLAG_RESPONSE = 0x20;

    public static final int PAYLOAD_SA = 33;
    public static final int PAYLOAD_KE = 34;
    public static final int PAYLOAD_IDI = 35;
    public static final int PAYLOAD_IDR = 36;
    public static final int PAYLOAD_CERTREQ = 38;
    public static final int PAYLOAD_AUTH = 39;
    public static final int PAYLOAD_NONCE = 40;
    public static final int PAYLOAD_NOTIFY = 41;
    public static final int PAYLOAD_SK = 46;
    public static final int PAYLOAD_EAP = 48;

    public static final int NOTIFY_NO_PROPOSAL_CHOSEN = 14;
    public static final int NOTIFY_INVALID_KE_PAYLOAD = 17;
    public static final int NOTIFY_AUTHENTICATION_FAILED = 24;
    public static final int NOTIFY_NAT_DETECTION_SOURCE_IP = 16388;
    public static final int NOTIFY_NAT_DETECTION_DESTINATION_IP = 16389;
    public static final int NOTIFY_COOKIE = 16390;

    /** ECP 256-bit group 19: KE data is the point's x and y, 32 bytes each. */
    public static final int GROUP_ECP256 = 19;
    /** MODP 2048 group 14: 256 bytes of KE data. */
    public static final int GROUP_MODP2048 = 14;

    /** AES-CBC IV and block: SK payloads carry a 16-byte IV, block-padded ciphertext and a 16-byte ICV. */
    private static final int AES_BLOCK = 16;
    private static final int SHA256_128_ICV = 16;

    private final long initiatorSpi;
    private final long responderSpi;
    private final SplittableRandom rng;

    public IkeV2Messages(long initiatorSpi, long responderSpi, SplittableRandom rng) {
        this.initiatorSpi = initiatorSpi;
        this.responderSpi = responderSpi;
        this.rng = rng;
    }

    public long initiatorSpi() {
        return initiatorSpi;
    }

    /**
     * IKE_SA_INIT request: SA, KE of {@code group}, nonce, NAT detection hashes. With a cookie from an earlier
     * COOKIE response, the COOKIE notify goes first (RFC 7296 section 2.6).
     */
    public byte[] saInitRequest(int group, byte[] cookie) {
        IsakmpMessage message = new IsakmpMessage(header(0, EXCHANGE_IKE_SA_INIT, FLAG_INITIATOR, 0));
        if (cookie != null) {
            message.payload(PAYLOAD_NOTIFY, notify(NOTIFY_COOKIE, cookie));
        }
        return message
            .payload(PAYLOAD_SA, ikeSa(group))
            .payload(PAYLOAD_KE, keyExchange(group))
            .payload(PAYLOAD_NONCE, randomBytes(rng, 32))
            .payload(PAYLOAD_NOTIFY, notify(NOTIFY_NAT_DETECTION_SOURCE_IP, randomBytes(rng, 20)))
            .payload(PAYLOAD_NOTIFY, notify(NOTIFY_NAT_DETECTION_DESTINATION_IP, randomBytes(rng, 20)))
            .encode();
    }

    /** IKE_SA_INIT response accepting: SA, KE, nonce, NAT detection, certificate request. */
    public byte[] saInitResponse(int group) {
        return new IsakmpMessage(header(responderSpi, EXCHANGE_IKE_SA_INIT, FLAG_RESPONSE, 0))
            .payload(PAYLOAD_SA, ikeSa(group))
            .payload(PAYLOAD_KE, keyExchange(group))
            .payload(PAYLOAD_NONCE, randomBytes(rng, 32))
            .payload(PAYLOAD_NOTIFY, notify(NOTIFY_NAT_DETECTION_SOURCE_IP, randomBytes(rng, 20)))
            .payload(PAYLOAD_NOTIFY, notify(NOTIFY_NAT_DETECTION_DESTINATION_IP, randomBytes(rng, 20)))
            .payload(PAYLOAD_CERTREQ, new WireWriter().u8(4).bytes(randomBytes(rng, 20)).toByteArray())
            .encode();
    }

    /**
     * IKE_SA_INIT response carrying only a notify and no responder SPI (RFC 7296 sections 1.2, 2.6, 2.7): an error
     * such as NO_PROPOSAL_CHOSEN, the retry hint INVALID_KE_PAYLOAD (data = the group the responder wants) or
     * COOKIE (data = the cookie to echo).
     */
    public byte[] saInitNotifyResponse(int notifyType, byte[] data) {
        return new IsakmpMessage(header(0, EXCHANGE_IKE_SA_INIT, FLAG_RESPONSE, 0))
            .payload(PAYLOAD_NOTIFY, notify(notifyType, data))
            .encode();
    }

    /** IKE_AUTH request (message id 1, or later EAP rounds): SK payload whose first inner payload is IDi. */
    public byte[] authRequest(long messageId, int plaintextLength) {
        return sk(EXCHANGE_IKE_AUTH, FLAG_INITIATOR, messageId,
            messageId == 1 ? PAYLOAD_IDI : PAYLOAD_EAP, plaintextLength);
    }

    /** IKE_AUTH response: SK whose first inner payload is IDr (first round) or EAP (later rounds). */
    public byte[] authResponse(long messageId, int plaintextLength, boolean eapRound) {
        return sk(EXCHANGE_IKE_AUTH, FLAG_RESPONSE, messageId,
            eapRound ? PAYLOAD_EAP : PAYLOAD_IDR, plaintextLength);
    }

    /**
     * INFORMATIONAL (DPD when empty inside, or Delete): {@code fromOriginalInitiator} sets the I flag, which marks
     * the sender as the original initiator of the IKE SA whatever the direction of the exchange.
     */
    public byte[] informational(long messageId, boolean fromOriginalInitiator, boolean response, int plaintextLength) {
        int flags = (fromOriginalInitiator ? FLAG_INITIATOR : 0) | (response ? FLAG_RESPONSE : 0);
        return sk(EXCHANGE_INFORMATIONAL, flags, messageId, 0, plaintextLength);
    }

    private byte[] sk(int exchangeType, int flags, long messageId, int firstInnerPayload, int plaintextLength) {
        int padded = (plaintextLength + 1 + AES_BLOCK - 1) / AES_BLOCK * AES_BLOCK;   // + pad length byte
        byte[] body = randomBytes(rng, AES_BLOCK + padded + SHA256_128_ICV);          // IV, ciphertext, ICV
        return new IsakmpMessage(header(responderSpi, exchangeType, flags, messageId))
            .encryptedPayload(PAYLOAD_SK, firstInnerPayload, body)
            .encode();
    }

    private IsakmpHeader header(long responder, int exchangeType, int flags, long messageId) {
        return new IsakmpHeader(initiatorSpi, responder, IsakmpHeader.VERSION_IKEV2, exchangeType, flags, messageId);
    }

    /** Notify payload body (RFC 7296 section 3.10): protocol id 0 (IKE SA), no SPI, type, data. */
    private static byte[] notify(int notifyType, byte[] data) {
        return new WireWriter().u8(0).u8(0).u16(notifyType).bytes(data).toByteArray();
    }

    /** KE payload body (RFC 7296 section 3.4): group, reserved, public value of the group's size. */
    private byte[] keyExchange(int group) {
        int size = group == GROUP_ECP256 ? 64 : 256;
        return new WireWriter().u16(group).u16(0).bytes(randomBytes(rng, size)).toByteArray();
    }

    /**
     * SA payload body with one IKE proposal (RFC 7296 section 3.3): AES-CBC-256, HMAC-SHA2-256 PRF and integrity,
     * the given DH group. Substructures carry "more follow" markers (2 proposal, 3 transform) instead of types.
     */
    private static byte[] ikeSa(int group) {
        WireWriter transforms = new WireWriter();
        transform(transforms, false, 1, 12, true);    // ENCR_AES_CBC with key length 256
        transform(transforms, false, 2, 5, false);    // PRF_HMAC_SHA2_256
        transform(transforms, false, 3, 12, false);   // AUTH_HMAC_SHA2_256_128
        transform(transforms, true, 4, group, false); // DH group
        byte[] transformBytes = transforms.toByteArray();
        return new WireWriter()
            .u8(0).u8(0).u16(8 + transformBytes.length)   // last proposal, reserved, proposal length
            .u8(1)                                        // proposal number
            .u8(1)                                        // protocol id: 1 IKE
            .u8(0)                                        // SPI size: 0 in IKE_SA_INIT
            .u8(4)                                        // number of transforms
            .bytes(transformBytes)
            .toByteArray();
    }

    private static void transform(WireWriter out, boolean last, int type, int id, boolean keyLength256) {
        out.u8(last ? 0 : 3)                      // 0 last, 3 more transforms follow
            .u8(0)                                // reserved
            .u16(keyLength256 ? 12 : 8)           // transform length
            .u8(type)                             // transform type: 1 ENCR, 2 PRF, 3 INTEG, 4 DH
            .u8(0)                                // reserved
            .u16(id);                             // transform id
        if (keyLength256) {
            out.u16(0x800E).u16(256);             // attribute key length (TV format): 256 bits
        }
    }
}
