package io.tunnelwatch.agent.decode.tls;

/** Anomaly counters of a {@link TlsStreamTracker}; every lost boundary is counted, none disappears. */
final class TlsStreamStats {
    /** Record headers that fell in bytes the capture did not keep (snaplen). */
    long uncapturedHeaders;
    /** Times a direction lost its record boundaries (gap over a header, garbage header, uncaptured header). */
    long syncLosses;
    /** Segments entirely before the expected sequence number: retransmissions, which add nothing. */
    long retransmissions;
}
