package io.tunnelwatch.synth.ike;

/**
 * The fixed 28-byte ISAKMP header shared by IKEv1 (RFC 2408 section 3.1) and IKEv2 (RFC 7296 section 3.1).
 *
 * @param initiatorSpi IKEv1 initiator cookie / IKEv2 initiator SPI: chosen by the initiator, never zero
 * @param responderSpi IKEv1 responder cookie / IKEv2 responder SPI: zero in the initiator's first message
 * @param version      0x10 for IKEv1, 0x20 for IKEv2 (major version in the high nibble)
 * @param exchangeType IKEv1: 2 Main, 4 Aggressive, 5 Informational, 6 Transaction, 32 Quick Mode;
 *                     IKEv2: 34 IKE_SA_INIT, 35 IKE_AUTH, 36 CREATE_CHILD_SA, 37 INFORMATIONAL
 * @param flags        IKEv1: 0x01 Encryption, 0x02 Commit, 0x04 Authentication only;
 *                     IKEv2: 0x08 Initiator, 0x10 Version, 0x20 Response
 * @param messageId    zero in IKEv1 phase 1 and IKEv2 IKE_SA_INIT; random per IKEv1 phase-2 exchange; counting
 *                     up per request in IKEv2
 */
public record IsakmpHeader(long initiatorSpi, long responderSpi, int version, int exchangeType, int flags,
                           long messageId) {
    public static final int LENGTH = 28;
    public static final int VERSION_IKEV1 = 0x10;
    public static final int VERSION_IKEV2 = 0x20;
}
