package io.tunnelwatch.synth.tls;

import io.tunnelwatch.synth.packet.WireWriter;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A structurally valid X.509 v3 certificate in DER (RFC 5280) of an exact total length: a self-signed RSA
 * certificate as an RV router generates for its HTTPS login, with random key and signature bits. Wireshark
 * dissects it field by field; nobody can verify it. The organization name is stretched until the encoding has
 * the requested length, so TLS record and handshake lengths can match a trace exactly.
 */
public final class DerCertificate {
    private static final byte[] OID_SHA1_WITH_RSA = HexFormat.of().parseHex("2a864886f70d010105");
    private static final byte[] OID_RSA_ENCRYPTION = HexFormat.of().parseHex("2a864886f70d010101");
    private static final byte[] OID_COMMON_NAME = HexFormat.of().parseHex("550403");
    private static final byte[] OID_ORGANIZATION = HexFormat.of().parseHex("55040a");

    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int NULL = 0x05;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int PRINTABLE_STRING = 0x13;
    private static final int UTC_TIME = 0x17;
    private static final int EXPLICIT_0 = 0xA0;

    private DerCertificate() {
    }

    /**
     * A certificate of exactly {@code length} bytes with a {@code modulusBytes}-byte RSA key, or an exception if
     * that length cannot be reached (below the size of the smallest such certificate).
     */
    public static byte[] ofLength(int length, int modulusBytes, String commonName, SplittableRandom rng) {
        byte[] modulus = TlsMessages.randomBytes(rng, modulusBytes);
        modulus[0] |= (byte) 0x80;   // a full-size modulus: top bit set
        byte[] signature = TlsMessages.randomBytes(rng, modulusBytes);
        byte[] serial = TlsMessages.randomBytes(rng, 16);
        serial[0] &= 0x7F;           // a positive INTEGER
        // Two knobs, since a DER length crossing 128 or 256 grows by a byte at every enclosing level: the serial
        // number's length (8 to 16 bytes) and the subject organization's length.
        for (int serialLength = 8; serialLength <= 16; serialLength++) {
            byte[] serialNumber = java.util.Arrays.copyOf(serial, serialLength);
            int shortfall = length - encode(serialNumber, modulus, signature, commonName, 0).length;
            // Filler adds one byte each, plus a byte per enclosing length that crosses 128 or 256: try the exact
            // shortfall first, then a few less.
            for (int filler = shortfall; filler >= Math.max(0, shortfall - 8); filler--) {
                byte[] der = encode(serialNumber, modulus, signature, commonName, filler);
                if (der.length == length) {
                    return der;
                }
            }
        }
        throw new IllegalArgumentException("no certificate of exactly " + length + " bytes with a "
            + modulusBytes + "-byte key");
    }

    private static byte[] encode(byte[] serial, byte[] modulus, byte[] signature, String commonName, int filler) {
        byte[] algorithm = tlv(SEQUENCE, tlv(OBJECT_IDENTIFIER, OID_SHA1_WITH_RSA), tlv(NULL));
        byte[] issuer = name(commonName, "Small Business");
        byte[] subject = name(commonName, "Small Business" + " VPN".repeat(filler / 4) + "-".repeat(filler % 4));
        byte[] validity = tlv(SEQUENCE,
            tlv(UTC_TIME, "100101000000Z".getBytes(StandardCharsets.US_ASCII)),    // notBefore
            tlv(UTC_TIME, "300101000000Z".getBytes(StandardCharsets.US_ASCII)));   // notAfter
        byte[] rsaPublicKey = tlv(SEQUENCE,
            tlv(INTEGER, concat(new byte[] {0}, modulus)),                 // modulus, leading 0 keeps it positive
            tlv(INTEGER, new byte[] {0x01, 0x00, 0x01}));                  // public exponent 65537
        byte[] subjectPublicKeyInfo = tlv(SEQUENCE,
            tlv(SEQUENCE, tlv(OBJECT_IDENTIFIER, OID_RSA_ENCRYPTION), tlv(NULL)),
            tlv(BIT_STRING, concat(new byte[] {0}, rsaPublicKey)));         // 0 unused bits
        byte[] tbsCertificate = tlv(SEQUENCE,
            tlv(EXPLICIT_0, tlv(INTEGER, new byte[] {2})),                  // version v3
            tlv(INTEGER, serial),                                           // serial number
            algorithm,                                                      // signature algorithm
            issuer,                                                         // issuer (the router itself)
            validity,
            subject,                                                        // subject
            subjectPublicKeyInfo);
        return tlv(SEQUENCE, tbsCertificate, algorithm, tlv(BIT_STRING, concat(new byte[] {0}, signature)));
    }

    private static byte[] name(String commonName, String organization) {
        return tlv(SEQUENCE,
            tlv(SET, tlv(SEQUENCE, tlv(OBJECT_IDENTIFIER, OID_ORGANIZATION),
                tlv(PRINTABLE_STRING, organization.getBytes(StandardCharsets.US_ASCII)))),
            tlv(SET, tlv(SEQUENCE, tlv(OBJECT_IDENTIFIER, OID_COMMON_NAME),
                tlv(PRINTABLE_STRING, commonName.getBytes(StandardCharsets.US_ASCII)))));
    }

    /** One DER tag-length-value with a definite length in the shortest form. */
    private static byte[] tlv(int tag, byte[]... contents) {
        byte[] value = concat(contents);
        WireWriter out = new WireWriter(value.length + 4).u8(tag);
        if (value.length < 0x80) {
            out.u8(value.length);
        } else if (value.length <= 0xFF) {
            out.u8(0x81).u8(value.length);
        } else {
            out.u8(0x82).u16(value.length);
        }
        return out.bytes(value).toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        return TlsMessages.concat(parts);
    }
}
