package io.tunnelwatch.synth.ike;

import io.tunnelwatch.synth.packet.WireWriter;

import java.util.HexFormat;
import java.util.SplittableRandom;

import static io.tunnelwatch.synth.tls.TlsMessages.randomBytes;

/**
 * IKEv1 messages (RFC 2408, RFC 2409) as a Cisco/racoon-era client and gateway send them: Main Mode MM1-MM6 (MM5
 * and MM6 encrypted), Aggressive Mode, Quick Mode (encrypted), Informational (cleartext Notify errors, encrypted
 * DPD and Delete) and Transaction (XAUTH / Mode-Config, encrypted).
 */
public final class IkeV1Messages {
    public static final int EXCHANGE_MAIN_MODE = 2;
    public static final int EXCHANGE_AGGRESSIVE = 4;
    public static final int EXCHANGE_INFORMATIONAL = 5;
    public static final int EXCHANGE_TRANSACTION = 6;
    public static final int EXCHANGE_QUICK_MODE = 32;

    public static final int FLAG_ENCRYPTION = 0x01;

    public static final int PAYLOAD_SA = 1;
    public static final int PAYLOAD_PROPOSAL = 2;
    public static final int PAYLOAD_TRANSFORM = 3;
    public static final int PAYLOAD_KE = 4;
    public static final int PAYLOAD_ID = 5;
    public static final int PAYLOAD_HASH = 8;
    public static final int PAYLOAD_NONCE = 10;
    public static final int PAYLOAD_NOTIFY = 11;
    public static final int PAYLOAD_DELETE = 12;
    public static final int PAYLOAD_VENDOR_ID = 13;
    public static final int PAYLOAD_ATTRIBUTES = 14;
    /** NAT-D, RFC 3947 section 3.2. */
    public static final int PAYLOAD_NAT_D = 20;

    /** RFC 2408 section 3.14.1 error types. */
    public static final int NOTIFY_INVALID_PAYLOAD_TYPE = 1;
    public static final int NOTIFY_NO_PROPOSAL_CHOSEN = 14;
    public static final int NOTIFY_INVALID_KEY_INFORMATION = 17;
    public static final int NOTIFY_AUTHENTICATION_FAILED = 24;

    /** Vendor IDs (MD5 of the vendor strings) that real clients send in MM1/AM1. */
    static final byte[] VID_RFC3947_NAT_T = HexFormat.of().parseHex("4a131c81070358455c5728f20e95452f");
    static final byte[] VID_DPD = HexFormat.of().parseHex("afcad71368a1f1c96b8696fc77570100");
    static final byte[] VID_XAUTH = HexFormat.of().parseHex("09002689dfd6b712");

    /** Main Mode needs a 1024-bit MODP group (2) KE: 128 bytes. */
    private static final int MODP1024_BYTES = 128;
    /** 3DES-CBC block size: the ciphertext of every encrypted IKEv1 message is a multiple of it. */
    private static final int DES3_BLOCK = 8;

    private final long initiatorCookie;
    private final long responderCookie;
    private final SplittableRandom rng;

    public IkeV1Messages(long initiatorCookie, long responderCookie, SplittableRandom rng) {
        this.initiatorCookie = initiatorCookie;
        this.responderCookie = responderCookie;
        this.rng = rng;
    }

    public long initiatorCookie() {
        return initiatorCookie;
    }

    public long responderCookie() {
        return responderCookie;
    }

    /** MM1 (initiator): SA with the proposals, vendor IDs; the responder cookie is still zero. */
    public byte[] mainMode1() {
        return new IsakmpMessage(header(0, EXCHANGE_MAIN_MODE, 0, 0))
            .payload(PAYLOAD_SA, phase1Sa(false))
            .payload(PAYLOAD_VENDOR_ID, VID_RFC3947_NAT_T)
            .payload(PAYLOAD_VENDOR_ID, VID_DPD)
            .encode();
    }

    /** MM2 (responder): the chosen SA, now with the responder cookie. */
    public byte[] mainMode2() {
        return new IsakmpMessage(header(responderCookie, EXCHANGE_MAIN_MODE, 0, 0))
            .payload(PAYLOAD_SA, phase1Sa(false))
            .payload(PAYLOAD_VENDOR_ID, VID_DPD)
            .encode();
    }

    /** MM3 (initiator) and MM4 (responder): Diffie-Hellman public value, nonce, NAT discovery hashes. */
    public byte[] mainMode34() {
        return new IsakmpMessage(header(responderCookie, EXCHANGE_MAIN_MODE, 0, 0))
            .payload(PAYLOAD_KE, randomBytes(rng, MODP1024_BYTES))
            .payload(PAYLOAD_NONCE, randomBytes(rng, 20))
            .payload(PAYLOAD_NAT_D, randomBytes(rng, 20))
            .payload(PAYLOAD_NAT_D, randomBytes(rng, 20))
            .encode();
    }

    /** MM5 (initiator) and MM6 (responder): identity and hash, encrypted (E flag), first inner payload ID. */
    public byte[] mainMode56() {
        return encrypted(EXCHANGE_MAIN_MODE, 0, PAYLOAD_ID, 8 + 4 + 4 + 24);
    }

    /** AM1 (initiator): SA, KE, nonce, identity and vendor IDs in one cleartext message. */
    public byte[] aggressive1(byte[] groupName) {
        return new IsakmpMessage(header(0, EXCHANGE_AGGRESSIVE, 0, 0))
            .payload(PAYLOAD_SA, phase1Sa(true))
            .payload(PAYLOAD_KE, randomBytes(rng, MODP1024_BYTES))
            .payload(PAYLOAD_NONCE, randomBytes(rng, 20))
            .payload(PAYLOAD_ID, identification(11, groupName))   // ID type 11 KEY_ID: the VPN group name
            .payload(PAYLOAD_VENDOR_ID, VID_XAUTH)
            .payload(PAYLOAD_VENDOR_ID, VID_DPD)
            .payload(PAYLOAD_VENDOR_ID, VID_RFC3947_NAT_T)
            .encode();
    }

    /** AM2 (responder): chosen SA, KE, nonce, identity, hash, NAT-D, all cleartext. */
    public byte[] aggressive2(byte[] gatewayAddress) {
        return new IsakmpMessage(header(responderCookie, EXCHANGE_AGGRESSIVE, 0, 0))
            .payload(PAYLOAD_SA, phase1Sa(true))
            .payload(PAYLOAD_KE, randomBytes(rng, MODP1024_BYTES))
            .payload(PAYLOAD_NONCE, randomBytes(rng, 20))
            .payload(PAYLOAD_ID, identification(1, gatewayAddress))  // ID type 1 IPV4_ADDR
            .payload(PAYLOAD_HASH, randomBytes(rng, 20))
            .payload(PAYLOAD_VENDOR_ID, VID_DPD)
            .payload(PAYLOAD_NAT_D, randomBytes(rng, 20))
            .payload(PAYLOAD_NAT_D, randomBytes(rng, 20))
            .encode();
    }

    /** AM3 (initiator): the initiator's hash, encrypted as Cisco clients send it. Completes phase 1. */
    public byte[] aggressive3() {
        return encrypted(EXCHANGE_AGGRESSIVE, 0, PAYLOAD_HASH, 8 + 24 + 8 + 24);
    }

    /** A Quick Mode message (QM1, QM2, QM3): encrypted, first inner payload HASH, message id per exchange. */
    public byte[] quickMode(long messageId, int plaintextLength) {
        return encrypted(EXCHANGE_QUICK_MODE, messageId, PAYLOAD_HASH, plaintextLength);
    }

    /** A Transaction exchange message (XAUTH or Mode-Config): encrypted, first inner payload HASH. */
    public byte[] transaction(long messageId, int plaintextLength) {
        return encrypted(EXCHANGE_TRANSACTION, messageId, PAYLOAD_HASH, plaintextLength);
    }

    /** An encrypted Informational (DPD R-U-THERE / ACK, or Delete): first inner payload HASH. */
    public byte[] encryptedInformational(long messageId, int plaintextLength) {
        return encrypted(EXCHANGE_INFORMATIONAL, messageId, PAYLOAD_HASH, plaintextLength);
    }

    /**
     * A cleartext Informational with one Notify (RFC 2408 section 3.14): how a responder refuses phase 1, e.g.
     * NO-PROPOSAL-CHOSEN (14). Sent before keys exist, so it cannot be encrypted.
     */
    public byte[] notifyError(int notifyType) {
        byte[] notify = new WireWriter()
            .u32(1)                  // DOI: 1 IPsec
            .u8(1)                   // protocol id: 1 PROTO_ISAKMP
            .u8(16)                  // SPI size: the two cookies
            .u16(notifyType)         // notify message type (1..16383 errors)
            .u64(initiatorCookie)    // SPI: initiator cookie ...
            .u64(responderCookie)    // ... and responder cookie
            .toByteArray();
        return new IsakmpMessage(header(responderCookie, EXCHANGE_INFORMATIONAL, 0, 0))
            .payload(PAYLOAD_NOTIFY, notify)
            .encode();
    }

    private byte[] encrypted(int exchangeType, long messageId, int firstInnerPayload, int plaintextLength) {
        int padded = (plaintextLength + DES3_BLOCK - 1) / DES3_BLOCK * DES3_BLOCK;
        return IsakmpMessage.encryptedV1(header(responderCookie, exchangeType, FLAG_ENCRYPTION, messageId),
            firstInnerPayload, randomBytes(rng, padded));
    }

    private IsakmpHeader header(long responder, int exchangeType, int flags, long messageId) {
        return new IsakmpHeader(initiatorCookie, responder, IsakmpHeader.VERSION_IKEV1, exchangeType, flags,
            messageId);
    }

    /** Identification payload body (RFC 2407 section 4.6.2): ID type, protocol 17 (UDP), port 500, data. */
    private static byte[] identification(int idType, byte[] data) {
        return new WireWriter().u8(idType).u8(17).u16(500).bytes(data).toByteArray();
    }

    /**
     * A phase-1 SA payload (RFC 2408 section 3.4, RFC 2409 appendix A): DOI IPsec, situation identity-only, one
     * proposal for ISAKMP with one transform 3DES / SHA1 / pre-shared key (XAUTH variant for Aggressive Mode) /
     * MODP1024 / 28800 s. Nested Proposal and Transform payloads carry their own generic headers.
     */
    private static byte[] phase1Sa(boolean xauth) {
        byte[] attributes = new WireWriter()
            .u16(0x8001).u16(5)                       // encryption algorithm: 5 3DES-CBC (TV format)
            .u16(0x8002).u16(2)                       // hash algorithm: 2 SHA
            .u16(0x8003).u16(xauth ? 65001 : 1)       // authentication: 1 pre-shared key, 65001 XAUTHInitPreShared
            .u16(0x8004).u16(2)                       // group description: 2 MODP 1024
            .u16(0x800B).u16(1)                       // life type: 1 seconds
            .u16(0x800C).u16(28800)                   // life duration: 8 hours
            .toByteArray();
        byte[] transform = new WireWriter()
            .u8(0).u8(0).u16(8 + attributes.length)   // generic header: last transform
            .u8(1)                                    // transform number
            .u8(1)                                    // transform id: 1 KEY_IKE
            .u16(0)                                   // reserved
            .bytes(attributes)
            .toByteArray();
        byte[] proposal = new WireWriter()
            .u8(0).u8(0).u16(8 + transform.length)    // generic header: last proposal
            .u8(1)                                    // proposal number
            .u8(1)                                    // protocol id: 1 PROTO_ISAKMP
            .u8(0)                                    // SPI size: none in phase 1 (the cookies serve)
            .u8(1)                                    // number of transforms
            .bytes(transform)
            .toByteArray();
        return new WireWriter()
            .u32(1)                                   // DOI: 1 IPsec
            .u32(1)                                   // situation: SIT_IDENTITY_ONLY
            .bytes(proposal)
            .toByteArray();
    }
}
