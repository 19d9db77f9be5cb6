package io.tunnelwatch.agent.conformance;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Deliberate differences from TShark 4.0, each for named frames and fields only. Every entry is also listed,
 * with its reason, in docs/decoder-conformance.md. The conformance test fails when an entry no longer
 * matches any mismatch, so this list cannot go stale.
 */
enum KnownDifference {
    /**
     * Payload type 15 in IKEv1 Main Mode 3/4 is the pre-RFC 3947 "NAT-D (draft)" code that these peers
     * send; TShark 4.0 dissects it as the GDOI "SA KEK" payload and then declares the frame malformed. We
     * list type 15 as an opaque payload and keep walking, so the frames are not malformed for us.
     */
    IKE_PAYLOAD_15_READ_AS_GDOI("tcpdump/ISAKMP_sa_setup.pcap", Set.of(3, 4),
            Set.of("_ws.malformed", "isakmp.typepayload", "isakmp.typepayload[top-level]")),
    /**
     * The last payload's Next Payload field names another payload but the message (its header length) ends
     * there. TShark stops silently; our IKE decoder (the TLS/IKE helper's) flags the inconsistency as
     * malformed, because a chain that points past the end is evidence of a broken or hostile peer.
     */
    IKE_CHAIN_NOT_ENDING_IN_NONE("tcpdump/isakmp-no-none-np.pcapng", Set.of(1), Set.of("_ws.malformed")),
    /** The same inconsistency in one IKE_AUTH message of the nDPI road-warrior capture. */
    IKE_CHAIN_NOT_ENDING_IN_NONE_NDPI("ndpi/ipsec_isakmp_esp.pcap", Set.of(192), Set.of("_ws.malformed")),
    /**
     * TShark flags the Server Hello + Certificate frame malformed because the certificate's DER is cut
     * short inside the certificate. We read TLS record and handshake headers only, never certificate
     * contents, so nothing is malformed at the layers we decode.
     */
    CERTIFICATE_CONTENTS_NOT_PARSED("suricata-verify/tls_DER-incomplete-header.pcap", Set.of(6), Set.of("_ws.malformed"));

    private final String file;
    private final Set<Integer> frames;
    private final Set<String> fields;

    KnownDifference(String file, Set<Integer> frames, Set<String> fields) {
        this.file = file;
        this.frames = frames;
        this.fields = fields;
    }

    boolean covers(Mismatch mismatch) {
        return file.equals(mismatch.file()) && frames.contains(mismatch.frame()) && fields.contains(mismatch.field());
    }

    String file() {
        return file;
    }

    static Optional<KnownDifference> covering(Mismatch mismatch) {
        return Arrays.stream(values()).filter(d -> d.covers(mismatch)).findFirst();
    }
}
