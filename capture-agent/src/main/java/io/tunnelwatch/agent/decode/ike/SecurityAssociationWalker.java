package io.tunnelwatch.agent.decode.ike;

import java.nio.ByteBuffer;

/**
 * Lists the Proposal and Transform payloads nested in one SA payload, in the order Wireshark shows them
 * ({@code isakmp.typepayload}). Only the tree list is filled; the top-level chain is unaffected.
 *
 * <p>Walks like Wireshark: proposals follow their Next Payload (2 = more, 0 = last) inside the SA payload;
 * transforms are counted by the proposal's "# of Transforms" inside the proposal.
 */
final class SecurityAssociationWalker {

    /** IKEv1 SA for the IPsec DOI: generic header, DOI (4), Situation (4) (RFC 2407 4.6.1). */
    private static final int IKEV1_SA_FIXED = 12;
    /** IKEv2 SA: proposals start right after the generic header (RFC 7296 3.3). */
    private static final int IKEV2_SA_FIXED = 4;
    /** Proposal: generic header, number, protocol id, SPI size, number of transforms (both versions). */
    private static final int PROPOSAL_FIXED = 8;
    /** Transform: generic header plus 4 bytes (number/id/reserved in IKEv1, type/reserved/id in IKEv2). */
    private static final int TRANSFORM_FIXED = 8;
    private static final int PROPOSAL = 2;
    private static final int TRANSFORM = 3;

    private SecurityAssociationWalker() {
    }

    private static void malformed(IkeMessage out, String reason) {
        out.malformed(reason);
        out.stopTree();
    }

    static void walk(ByteBuffer buf, int saStart, int saLength, int major, int at, IkeMessage out) {
        int fixed = major == 1 ? IKEV1_SA_FIXED : IKEV2_SA_FIXED;
        if (saLength < fixed) {
            malformed(out, "SA payload at offset " + at + ": needed " + fixed + " bytes, had " + saLength);
            return;
        }
        int end = saStart + saLength;
        int pos = saStart + fixed;
        int type = PROPOSAL;
        while (type == PROPOSAL && pos < end) {
            int remaining = end - pos;
            if (remaining < PROPOSAL_FIXED) {
                malformed(out, "proposal in SA payload at offset " + at + ": needed " + PROPOSAL_FIXED
                        + " bytes, had " + remaining);
                return;
            }
            int length = IkeDecoder.u16(buf, pos + 2);
            if (!out.addTreePayload(PROPOSAL)) {
                return;
            }
            if (length < PROPOSAL_FIXED || length > remaining) {
                malformed(out, "proposal in SA payload at offset " + at + ": length " + length
                        + " outside " + PROPOSAL_FIXED + ".." + remaining);
                return;
            }
            if (!walkTransforms(buf, pos, length, at, out)) {
                return;
            }
            type = IkeDecoder.u8(buf, pos);
            pos += length;
        }
    }

    /** Returns false when the walk must stop. */
    private static boolean walkTransforms(ByteBuffer buf, int proposalStart, int proposalLength, int at,
                                          IkeMessage out) {
        int spiSize = IkeDecoder.u8(buf, proposalStart + 6);
        int transforms = IkeDecoder.u8(buf, proposalStart + 7);
        int end = proposalStart + proposalLength;
        int pos = proposalStart + PROPOSAL_FIXED + spiSize;
        for (int i = 0; i < transforms; i++) {
            int remaining = end - pos;
            if (remaining < TRANSFORM_FIXED) {
                malformed(out, "transform " + (i + 1) + " of a proposal in SA payload at offset " + at
                        + ": needed " + TRANSFORM_FIXED + " bytes, had " + Math.max(remaining, 0));
                return false;
            }
            int length = IkeDecoder.u16(buf, pos + 2);
            if (!out.addTreePayload(TRANSFORM)) {
                return false;
            }
            if (length < TRANSFORM_FIXED || length > remaining) {
                malformed(out, "transform " + (i + 1) + " of a proposal in SA payload at offset " + at
                        + ": length " + length + " outside " + TRANSFORM_FIXED + ".." + remaining);
                return false;
            }
            pos += length;
        }
        return true;
    }
}
