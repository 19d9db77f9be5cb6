package io.tunnelwatch.agent.decode.ike;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class IkeDecoderTest {

    private final IkeMessage message = new IkeMessage();

    /** IKEv1 Informational from ipsec.cap frame 3, rebuilt: one Notify NO-PROPOSAL-CHOSEN. */
    static byte[] ikev1InformationalNoProposalChosen() {
        return bytes(
                0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,  // initiator cookie
                0, 0, 0, 0, 0, 0, 0, 0,                          // responder cookie: not yet known
                11,                                              // next payload: Notify (11)
                0x10,                                            // version 1.0
                5,                                               // exchange type: Informational
                0x00,                                            // flags: none (cleartext)
                0, 0, 0, 0,                                      // message id
                0, 0, 0, 40,                                     // length: 28 + 12
                0,                                               // Notify: next payload NONE
                0,                                               // reserved
                0, 12,                                           // payload length 12
                0, 0, 0, 1,                                      // DOI: IPsec (1)
                1,                                               // protocol id: ISAKMP
                0,                                               // SPI size 0
                0, 14);                                          // notify type: NO-PROPOSAL-CHOSEN (14)
    }

    /** IKEv2 IKE_SA_INIT response refusing the KE group, then asking for a cookie (two Notifies). */
    static byte[] ikev2InvalidKePayloadAndCookie() {
        return bytes(
                1, 2, 3, 4, 5, 6, 7, 8,                          // initiator SPI
                0, 0, 0, 0, 0, 0, 0, 0,                          // responder SPI: 0 in this refusal
                41,                                              // next payload: Notify (41)
                0x20,                                            // version 2.0
                34,                                              // exchange type: IKE_SA_INIT
                0x20,                                            // flags: Response
                0, 0, 0, 0,                                      // message id 0
                0, 0, 0, 54,                                     // length: 28 + 10 + 16
                41,                                              // Notify: next payload Notify
                0,                                               // critical bit clear
                0, 10,                                           // payload length 10
                0,                                               // protocol id: none
                0,                                               // SPI size 0
                0, 17,                                           // notify type: INVALID_KE_PAYLOAD (17)
                0, 19,                                           // data: accepted DH group 19
                0,                                               // Notify: next payload NONE
                0,                                               // critical bit clear
                0, 16,                                           // payload length 16
                0,                                               // protocol id: none
                0,                                               // SPI size 0
                0x40, 0x06,                                      // notify type: COOKIE (16390)
                9, 9, 9, 9, 9, 9, 9, 9);                         // cookie data
    }

    /** IKEv2 IKE_AUTH request: everything after the header is one SK payload. */
    static byte[] ikev2AuthEncrypted() {
        return bytes(
                1, 2, 3, 4, 5, 6, 7, 8,                          // initiator SPI
                8, 7, 6, 5, 4, 3, 2, 1,                          // responder SPI
                46,                                              // next payload: Encrypted (SK)
                0x20,                                            // version 2.0
                35,                                              // exchange type: IKE_AUTH
                0x08,                                            // flags: Initiator
                0, 0, 0, 1,                                      // message id 1
                0, 0, 0, 40,                                     // length: 28 + 12
                35,                                              // SK: next payload = first inner (IDi)
                0,                                               // critical bit clear
                0, 12,                                           // payload length 12
                0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef); // IV and ciphertext
    }

    @Test
    void shouldReadIkev1HeaderAndNotifyType() {
        assertThat(decode(ikev1InformationalNoProposalChosen())).isTrue();

        assertThat(message.majorVersion()).isEqualTo(1);
        assertThat(message.minorVersion()).isEqualTo(0);
        assertThat(message.version()).isEqualTo(0x10);
        assertThat(message.exchangeType()).isEqualTo(IkeExchangeType.INFORMATIONAL_V1.code());
        assertThat(message.initiatorSpi()).isEqualTo(0x1122334455667788L);
        assertThat(message.responderSpi()).isZero();
        assertThat(message.nextPayload()).isEqualTo(11);
        assertThat(message.length()).isEqualTo(40);
        assertThat(message.payloadCount()).isEqualTo(1);
        assertThat(message.payloadType(0)).isEqualTo(IkePayloadType.NOTIFY_V1.code());
        assertThat(message.notifyCount()).isEqualTo(1);
        assertThat(message.notifyType(0)).isEqualTo(IkeNotifyType.NO_PROPOSAL_CHOSEN.code());
        assertThat(message.encrypted()).isFalse();
        assertThat(message.malformed()).isNull();
    }

    @Test
    void shouldReadIkev2NotifiesInChainOrder() {
        assertThat(decode(ikev2InvalidKePayloadAndCookie())).isTrue();

        assertThat(message.majorVersion()).isEqualTo(2);
        assertThat(message.exchangeType()).isEqualTo(IkeExchangeType.IKE_SA_INIT.code());
        assertThat(message.flags()).isEqualTo(0x20);
        assertThat(message.payloadCount()).isEqualTo(2);
        assertThat(message.notifyCount()).isEqualTo(2);
        assertThat(message.notifyType(0)).isEqualTo(IkeNotifyType.INVALID_KE_PAYLOAD.code());
        assertThat(message.notifyType(1)).isEqualTo(IkeNotifyType.COOKIE.code());
        assertThat(message.malformed()).isNull();
    }

    @Test
    void shouldStopAtIkev2EncryptedPayload() {
        assertThat(decode(ikev2AuthEncrypted())).isTrue();

        assertThat(message.encrypted()).isTrue();
        assertThat(message.payloadCount()).isEqualTo(1);
        assertThat(message.payloadType(0)).isEqualTo(IkePayloadType.ENCRYPTED.code());
        assertThat(message.messageId()).isEqualTo(1);
        assertThat(message.malformed()).isNull();
    }

    @Test
    void shouldReadRfc7383FragmentNumbers() {
        byte[] skf = bytes(
                1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1,  // SPIs
                53, 0x20, 35, 0x08,                              // next payload SKF, v2.0, IKE_AUTH, Initiator
                0, 0, 0, 1,                                      // message id 1
                0, 0, 0, 44,                                     // length: 28 + 16
                35, 0, 0, 16,                                    // SKF: next IDi, length 16
                0, 2,                                            // fragment number 2
                0, 3,                                            // total fragments 3
                1, 2, 3, 4, 5, 6, 7, 8);                         // ciphertext
        assertThat(decode(skf)).isTrue();

        assertThat(message.encrypted()).isTrue();
        assertThat(message.fragmentNumber()).isEqualTo(2);
        assertThat(message.fragmentTotal()).isEqualTo(3);
    }

    @Test
    void shouldNotWalkPayloadsWhenIkev1EncryptionFlagIsSet() {
        byte[] mm5 = ikev1InformationalNoProposalChosen();
        mm5[19] = 0x01;                                          // flags: Encryption
        assertThat(decode(mm5)).isTrue();

        assertThat(message.encrypted()).isTrue();
        assertThat(message.payloadCount()).isZero();
        assertThat(message.notifyCount()).isZero();
        assertThat(message.nextPayload()).isEqualTo(11);
        assertThat(message.malformed()).isNull();
    }

    @Test
    void shouldListProposalsAndTransformsOnlyInTheTreeList() {
        byte[] saInit = bytes(
                1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0,  // SPIs
                33, 0x20, 34, 0x08,                              // next payload SA, v2.0, IKE_SA_INIT, Initiator
                0, 0, 0, 0,                                      // message id 0
                0, 0, 0, 60,                                     // length: 28 + 32
                0, 0, 0, 32,                                     // SA: next NONE, length 32
                0, 0, 0, 28,                                     // proposal: last (0), length 28
                1, 1, 0, 2,                                      // proposal #1, IKE, SPI size 0, 2 transforms
                3, 0, 0, 8,                                      // transform: more (3), length 8
                1, 0, 0, 12,                                     // ENCR, id 12 (AES-CBC)
                0, 0, 0, 12,                                     // transform: last (0), length 12
                4, 0, 0, 19,                                     // D-H group 19
                0, 0, 0, 0);                                     // (attribute bytes)
        assertThat(decode(saInit)).isTrue();

        assertThat(message.payloadCount()).isEqualTo(1);
        assertThat(message.payloadType(0)).isEqualTo(33);
        assertThat(message.treePayloadCount()).isEqualTo(4);
        assertThat(new int[] {message.treePayloadType(0), message.treePayloadType(1), message.treePayloadType(2),
            message.treePayloadType(3)}).containsExactly(33, 2, 3, 3);
        assertThat(message.malformed()).isNull();
    }

    @Test
    void shouldCountDeleteAndVendorIdPayloads() {
        byte[] informational = bytes(
                1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1,  // cookies
                13, 0x10, 5, 0x00,                               // next payload VID, v1.0, Informational
                0, 0, 0, 7,                                      // message id 7
                0, 0, 0, 56,                                     // length: 28 + 8 + 8 + 12
                13, 0, 0, 8, 0xaf, 0xca, 0xd7, 0x13,             // VID (next VID), length 8, vendor hash
                12, 0, 0, 8, 0x12, 0x34, 0x56, 0x78,             // VID (next Delete), length 8
                0, 0, 0, 12,                                     // Delete: next NONE, length 12
                0, 0, 0, 1,                                      // DOI IPsec
                3, 4, 0, 0);                                     // protocol ESP, SPI size 4, 0 SPIs
        assertThat(decode(informational)).isTrue();

        assertThat(message.vendorIdCount()).isEqualTo(2);
        assertThat(message.deleteCount()).isEqualTo(1);
        assertThat(message.payloadCount()).isEqualTo(3);
        assertThat(message.malformed()).isNull();
    }

    // ---- one tiny input per malformation ----

    @Test
    void shouldSayNotIsakmpBelowTheFixedHeader() {
        assertThat(IkeDecoder.decode(ByteBuffer.wrap(new byte[27]), 0, 27, message)).isFalse();
    }

    @Test
    void shouldSayNotIsakmpForAnUnknownMajorVersion() {
        byte[] v3 = ikev1InformationalNoProposalChosen();
        v3[17] = 0x30;                                           // version 3.0
        assertThat(decode(v3)).isFalse();
    }

    @Test
    void shouldReportHeaderLengthBelowTheHeader() {
        byte[] bytes = ikev1InformationalNoProposalChosen();
        bytes[27] = 20;                                          // length 20 < 28
        assertThat(decode(bytes)).isTrue();
        assertThat(message.malformed()).isEqualTo("header length 20 is less than the 28-byte header");
        assertThat(message.truncated()).isFalse();
        assertThat(message.notifyCount()).isEqualTo(1);         // the chain was still readable
    }

    @Test
    void shouldReportHeaderLengthBeyondTheDatagram() {
        byte[] bytes = ikev1InformationalNoProposalChosen();
        bytes[27] = 100;                                         // length 100, only 40 bytes present
        assertThat(decode(bytes)).isTrue();
        assertThat(message.malformed()).isEqualTo("header length 100 exceeds the 40 bytes available");
        assertThat(message.truncated()).isTrue();
        assertThat(message.notifyType(0)).as("what was there was read").isEqualTo(14);
    }

    @Test
    void shouldReportPayloadLengthBelowGenericHeaderAndKeepWalking() {
        byte[] bytes = bytes(
                1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0,  // cookies
                13, 0x10, 2, 0x00, 0, 0, 0, 0,                   // VID first, v1.0, Main Mode, mid 0
                0, 0, 0, 36,                                     // length: 28 + 4 + 4
                13, 0, 0, 3,                                     // VID: next VID, length 3 (< 4)
                0, 0, 0, 4);                                     // VID: next NONE, length 4
        assertThat(decode(bytes)).isTrue();
        assertThat(message.malformed()).isEqualTo("payload 13 at offset 28: length 3 is less than the 4-byte generic header");
        assertThat(message.payloadCount()).isEqualTo(2);
    }

    @Test
    void shouldReportPayloadLongerThanTheMessage() {
        byte[] bytes = ikev1InformationalNoProposalChosen();
        bytes[31] = 13;                                          // Notify length 13, 12 bytes remain
        assertThat(decode(bytes)).isTrue();
        assertThat(message.malformed()).isEqualTo("payload 11 at offset 28: needed 13 bytes, had 12");
        assertThat(message.payloadCount()).isEqualTo(1);        // its header was readable
        assertThat(message.notifyCount()).isZero();
    }

    @Test
    void shouldReportChainThatDoesNotEndInNone() {
        byte[] bytes = ikev1InformationalNoProposalChosen();
        bytes[28] = 11;                                          // Notify says another Notify follows
        assertThat(decode(bytes)).isTrue();
        assertThat(message.malformed())
                .isEqualTo("payload chain does not end in NONE: next payload 11 at offset 40, but the message ends there");
        assertThat(message.notifyType(0)).isEqualTo(14);
    }

    @Test
    void shouldReportPartialGenericHeader() {
        byte[] bytes = ikev1InformationalNoProposalChosen();
        bytes[27] = 30;                                          // 2 bytes of payload inside the message
        assertThat(decode(bytes)).isTrue();
        assertThat(message.malformed())
                .isEqualTo("payload 11 at offset 28: needed 4 bytes for the generic payload header, had 2");
    }

    @Test
    void shouldReportNotifyTooShortForItsType() {
        byte[] bytes = bytes(
                1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0,  // SPIs
                41, 0x20, 37, 0x00, 0, 0, 0, 0,                  // Notify, v2.0, INFORMATIONAL, mid 0
                0, 0, 0, 34,                                     // length: 28 + 6
                0, 0, 0, 6,                                      // Notify: NONE, length 6 (type needs 8)
                0, 0);                                           // protocol id, SPI size
        assertThat(decode(bytes)).isTrue();
        assertThat(message.malformed()).isEqualTo("Notify payload at offset 28: needed 8 bytes for the message type, had 6");
        assertThat(message.notifyCount()).isZero();
    }

    @Test
    void shouldReportMorePayloadsThanTheCap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int payloads = IkeMessage.MAX_PAYLOADS + 1;
        out.writeBytes(bytes(1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 13, 0x10, 2, 0, 0, 0, 0, 0));
        int length = 28 + 4 * payloads;
        out.writeBytes(bytes(0, 0, length >> 8, length & 0xFF));
        for (int i = 0; i < payloads; i++) {
            out.writeBytes(bytes(i == payloads - 1 ? 0 : 13, 0, 0, 4));   // empty Vendor IDs
        }
        assertThat(decode(out.toByteArray())).isTrue();
        assertThat(message.payloadCount()).isEqualTo(IkeMessage.MAX_PAYLOADS);
        assertThat(message.malformed()).startsWith("more than 64 payloads");
    }

    @Test
    void shouldReportBadProposalLengthInsideSa() {
        byte[] bytes = bytes(
                1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0,  // SPIs
                33, 0x20, 34, 0x08, 0, 0, 0, 0,                  // SA, v2.0, IKE_SA_INIT, Initiator, mid 0
                0, 0, 0, 44,                                     // length: 28 + 16
                0, 0, 0, 16,                                     // SA: next NONE, length 16
                0, 0, 0x40, 0,                                   // proposal: length 16384 (> 12 remaining)
                1, 1, 0, 0,
                0, 0, 0, 0);
        assertThat(decode(bytes)).isTrue();
        assertThat(message.malformed()).isEqualTo("proposal in SA payload at offset 28: length 16384 outside 8..12");
        assertThat(message.payloadCount()).isEqualTo(1);
    }

    @Test
    void shouldNeverThrowOnAnyTruncation() {
        for (byte[] valid : new byte[][] {ikev1InformationalNoProposalChosen(), ikev2InvalidKePayloadAndCookie(),
            ikev2AuthEncrypted()}) {
            for (int cut = 0; cut <= valid.length; cut++) {
                int length = cut;
                assertThatCode(() -> IkeDecoder.decode(ByteBuffer.wrap(valid), 0, length, message))
                        .doesNotThrowAnyException();
                assertThat(IkeDecoder.decode(ByteBuffer.wrap(valid), 0, length, message))
                        .isEqualTo(length >= IkeDecoder.HEADER_LENGTH);
                if (length >= IkeDecoder.HEADER_LENGTH && length < valid.length) {
                    assertThat(message.malformed()).as("cut at %d", length).isNotNull();
                }
            }
        }
    }

    @Test
    void shouldReadAtAnOffsetWithoutTouchingPositionOrLimit() {
        byte[] valid = ikev2InvalidKePayloadAndCookie();
        byte[] padded = new byte[valid.length + 10];
        System.arraycopy(valid, 0, padded, 7, valid.length);
        ByteBuffer buf = ByteBuffer.wrap(padded);
        buf.position(3).limit(padded.length - 1);

        assertThat(IkeDecoder.decode(buf, 7, valid.length, message)).isTrue();
        assertThat(message.notifyType(1)).isEqualTo(16390);
        assertThat(buf.position()).isEqualTo(3);
        assertThat(buf.limit()).isEqualTo(padded.length - 1);
    }

    @Test
    void shouldClampToTheBufferWhenTheCallerClaimsMoreBytes() {
        byte[] valid = ikev1InformationalNoProposalChosen();
        assertThat(IkeDecoder.decode(ByteBuffer.wrap(valid), 0, 4000, message)).isTrue();
        assertThat(message.notifyType(0)).isEqualTo(14);
        assertThat(IkeDecoder.decode(ByteBuffer.wrap(valid), 20, 4000, message)).isFalse();
        assertThat(IkeDecoder.decode(ByteBuffer.wrap(valid), -1, 40, message)).isFalse();
    }

    private boolean decode(byte[] bytes) {
        return IkeDecoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length, message);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
