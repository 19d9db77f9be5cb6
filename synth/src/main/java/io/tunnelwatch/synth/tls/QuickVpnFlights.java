package io.tunnelwatch.synth.tls;

import java.util.List;
import java.util.SplittableRandom;

import static io.tunnelwatch.synth.tls.TlsMessages.CONTENT_ALERT;
import static io.tunnelwatch.synth.tls.TlsMessages.CONTENT_APPLICATION_DATA;
import static io.tunnelwatch.synth.tls.TlsMessages.CONTENT_HANDSHAKE;
import static io.tunnelwatch.synth.tls.TlsMessages.VERSION_TLS10;
import static io.tunnelwatch.synth.tls.TlsMessages.cbcFragmentLength;
import static io.tunnelwatch.synth.tls.TlsMessages.concat;
import static io.tunnelwatch.synth.tls.TlsMessages.encryptedRecord;

/**
 * The TLS 1.0 flights of a QuickVPN login as the seed trace shows them: SSLv2-format ClientHello, the router's
 * ServerHello + self-signed Certificate + ServerHelloDone in one record, RSA key exchange, 3DES-EDE-CBC-SHA
 * (20-byte MAC, 8-byte blocks, no explicit IV), the 1/n-1 split of application data, encrypted close_notify.
 */
public final class QuickVpnFlights {
    private static final int MAC = 20;
    private static final int BLOCK = 8;

    /** The 27 cipher specs QuickVPN 1.4 on Windows XP offers: SSLv2 kinds, then TLS suites. */
    private static final int[] CLIENT_CIPHER_SPECS = {
        0x010080, 0x020080, 0x030080, 0x040080, 0x050080, 0x060040, 0x0700C0,  // SSLv2 kinds
        0x000004, 0x000005, 0x00000A, 0x000009, 0x000064, 0x000062, 0x000003,  // TLS RSA suites
        0x000006, 0x000013, 0x000012, 0x000063, 0x000011, 0x000014, 0x000008,  // DHE and export suites
        0x00002F, 0x000035, 0x000032, 0x000038, 0x000033, 0x000039};           // AES suites

    private final SplittableRandom rng;

    public QuickVpnFlights(SplittableRandom rng) {
        this.rng = rng;
    }

    /** SSLv2-format CLIENT-HELLO offering TLS 1.0 with a 32-byte challenge: 124 bytes. */
    public byte[] clientHello() {
        return TlsMessages.sslv2ClientHello(VERSION_TLS10, CLIENT_CIPHER_SPECS, TlsMessages.randomBytes(rng, 32));
    }

    /** ServerHello (3DES-SHA, 32-byte session id), the certificates, ServerHelloDone, in one handshake record. */
    public byte[] serverHelloFlight(List<Integer> certificateLengths) {
        byte[][] certificates = certificateLengths.stream()
            .map(length -> DerCertificate.ofLength(length, 128, "router", rng)).toArray(byte[][]::new);
        byte[] handshakes = concat(
            TlsMessages.serverHello(VERSION_TLS10, TlsMessages.randomBytes(rng, 32), TlsMessages.randomBytes(rng, 32),
                TlsMessages.CIPHER_RSA_3DES_EDE_CBC_SHA, false, rng),
            TlsMessages.certificate(List.of(certificates)),
            TlsMessages.serverHelloDone());
        return TlsMessages.record(CONTENT_HANDSHAKE, VERSION_TLS10, handshakes);
    }

    /** ClientKeyExchange (1024-bit RSA), ChangeCipherSpec, encrypted Finished: 139 + 6 + 45 = 190 bytes. */
    public byte[] clientKeyExchangeFlight() {
        return concat(
            TlsMessages.record(CONTENT_HANDSHAKE, VERSION_TLS10, TlsMessages.clientKeyExchangeRsa(128, rng)),
            changeCipherSpecAndFinished());
    }

    /** ChangeCipherSpec and the encrypted Finished (16 bytes + MAC, padded to 40): 6 + 45 = 51 bytes. */
    public byte[] changeCipherSpecAndFinished() {
        return concat(
            TlsMessages.changeCipherSpec(VERSION_TLS10),
            encryptedRecord(CONTENT_HANDSHAKE, VERSION_TLS10, cbcFragmentLength(16, MAC, BLOCK), rng));
    }

    /** The 1/n-1 record split of TLS 1.0 CBC: a 1-byte record, then {@code restContent} bytes. */
    public byte[] applicationData(int restContent) {
        return concat(
            encryptedRecord(CONTENT_APPLICATION_DATA, VERSION_TLS10, cbcFragmentLength(1, MAC, BLOCK), rng),
            encryptedRecord(CONTENT_APPLICATION_DATA, VERSION_TLS10, cbcFragmentLength(restContent, MAC, BLOCK), rng));
    }

    /** Two application-data records of given fragment lengths (when only their total is known). */
    public byte[] applicationDataFragments(int firstFragment, int secondFragment) {
        return concat(
            encryptedRecord(CONTENT_APPLICATION_DATA, VERSION_TLS10, firstFragment, rng),
            encryptedRecord(CONTENT_APPLICATION_DATA, VERSION_TLS10, secondFragment, rng));
    }

    /** An encrypted close_notify: 2 bytes + MAC, padded to 24, in a 29-byte record. */
    public byte[] encryptedAlert() {
        return encryptedRecord(CONTENT_ALERT, VERSION_TLS10, cbcFragmentLength(2, MAC, BLOCK), rng);
    }

    /** A cleartext fatal alert in a TLS 1.0 record, e.g. protocol_version (70) from a router refusing TLS 1.0. */
    public byte[] fatalAlert(int description) {
        return TlsMessages.alert(VERSION_TLS10, TlsMessages.ALERT_LEVEL_FATAL, description);
    }
}
