package io.tunnelwatch.agent.decode.tls;

/**
 * The TLS state of one TCP connection: one {@link TlsDirection} per side plus what both sides share
 * (the negotiated version family, SSLv2 use). Also a node of the tracker's least-recently-seen list.
 */
final class TlsConnection {

    final TlsConnectionKey key;
    /** Direction from the canonical "low" endpoint to the "high" one, and back. */
    final TlsDirection lowToHigh = new TlsDirection(this);
    final TlsDirection highToLow = new TlsDirection(this);

    /** A ServerHello or HelloRetryRequest selected TLS 1.3: CCS no longer switches to ciphertext. */
    boolean tls13;
    /** The client opened with an SSLv2-format ClientHello. */
    boolean clientSentSslv2Hello;
    /** The server answered with an SSLv2 ServerHello: the whole connection speaks SSL 2.0 records. */
    boolean sslv2Session;

    long lastSeenMicros;
    TlsConnection older;
    TlsConnection newer;

    TlsConnection(TlsConnectionKey key) {
        this.key = key;
    }

    TlsDirection direction(boolean fromLow) {
        return fromLow ? lowToHigh : highToLow;
    }

    TlsDirection peerOf(TlsDirection direction) {
        return direction == lowToHigh ? highToLow : lowToHigh;
    }
}
