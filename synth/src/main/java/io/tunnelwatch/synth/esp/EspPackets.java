package io.tunnelwatch.synth.esp;

import io.tunnelwatch.synth.packet.WireWriter;

import java.util.SplittableRandom;

import static io.tunnelwatch.synth.tls.TlsMessages.randomBytes;

/**
 * ESP packets (RFC 4303) in tunnel mode with AES-CBC and HMAC-SHA1-96, and the UDP 4500 payloads of NAT traversal
 * (RFC 3948): the non-ESP marker in front of IKE, ESP-in-UDP, and the one-byte keepalive.
 */
public final class EspPackets {
    /** AES block and IV size. */
    private static final int AES_BLOCK = 16;
    /** HMAC-SHA1-96 integrity check value. */
    private static final int ICV = 12;
    /** UDP port for IKE and ESP behind NAT (RFC 3948). */
    public static final int NAT_T_PORT = 4500;
    public static final int IKE_PORT = 500;

    private EspPackets() {
    }

    /**
     * One ESP packet carrying an inner IP packet of {@code innerLength} bytes: SPI, sequence number, IV, padded
     * ciphertext (inner packet, padding, pad length, next header 4 = IPv4 all encrypted) and ICV.
     */
    public static byte[] esp(long spi, long sequence, int innerLength, SplittableRandom rng) {
        int padded = (innerLength + 2 + AES_BLOCK - 1) / AES_BLOCK * AES_BLOCK;   // + pad length + next header
        return new WireWriter(8 + AES_BLOCK + padded + ICV)
            .u32(spi)                                    // SPI: chosen by the receiver of this direction, never 0
            .u32(sequence)                               // sequence number, from 1 per SA
            .bytes(randomBytes(rng, AES_BLOCK + padded + ICV))  // IV, ciphertext, ICV
            .toByteArray();
    }

    /** An IKE message on UDP 4500: preceded by the 4-byte non-ESP marker (zero, where an SPI would be). */
    public static byte[] nonEspMarked(byte[] ikeMessage) {
        return new WireWriter(4 + ikeMessage.length).u32(0).bytes(ikeMessage).toByteArray();
    }

    /** NAT-keepalive (RFC 3948 section 2.3): a single 0xFF byte, sent by the host behind the NAT. */
    public static byte[] natKeepalive() {
        return new byte[] {(byte) 0xFF};
    }
}
