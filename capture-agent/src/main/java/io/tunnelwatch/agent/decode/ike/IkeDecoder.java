package io.tunnelwatch.agent.decode.ike;

import java.nio.ByteBuffer;

/**
 * Decodes one ISAKMP message (IKEv1, RFC 2408/2409; IKEv2, RFC 7296) from a buffer view: the fixed header
 * and, while it is cleartext, the generic payload chain. Reads with absolute gets only; never changes the
 * buffer's position or limit; never throws on any input: what cannot be read is reported in
 * {@link IkeMessage#malformed()}.
 *
 * <p>The chain is bounded by the header's Length (when it is plausible and not beyond the datagram),
 * like Wireshark, so bytes after the message (a datagram longer than the message) are ignored.
 */
public final class IkeDecoder {

    /** The fixed ISAKMP header: two 8-byte SPIs, 4 one-byte fields, message id and length (RFC 2408 3.1). */
    public static final int HEADER_LENGTH = 28;
    /** Next Payload, Critical/Reserved and Payload Length (RFC 2408 3.2, RFC 7296 3.2). */
    public static final int GENERIC_HEADER_LENGTH = 4;
    /** IKEv1 flags bit 0 (RFC 2408 3.1): everything after the header is encrypted. */
    public static final int IKEV1_FLAG_ENCRYPTION = 0x01;

    /** IKEv1 Notify: generic header, DOI (4), Protocol-ID, SPI Size, then the type (RFC 2408 3.14). */
    private static final int IKEV1_NOTIFY_TYPE_OFFSET = 10;
    /** IKEv2 Notify: generic header, Protocol ID, SPI Size, then the type (RFC 7296 3.10). */
    private static final int IKEV2_NOTIFY_TYPE_OFFSET = 6;
    /** RFC 7383 2.5: Fragment Number and Total Fragments follow the generic header. */
    private static final int SKF_FIXED_LENGTH = 8;

    private IkeDecoder() {
    }

    /**
     * Decodes the ISAKMP message at {@code buf[offset, offset+length)}. Returns false when this is not ISAKMP
     * at all (fewer than 28 bytes or an unknown major version), true otherwise (possibly with malformed() set).
     */
    public static boolean decode(ByteBuffer buf, int offset, int length, IkeMessage out) {
        out.clear();
        if (buf == null || offset < 0 || length < HEADER_LENGTH || offset > buf.limit() - HEADER_LENGTH) {
            return false;
        }
        int available = Math.min(length, buf.limit() - offset);
        int version = u8(buf, offset + 17);
        int major = version >>> 4;
        if (major != 1 && major != 2) {
            return false;
        }
        int nextPayload = u8(buf, offset + 16);
        int flags = u8(buf, offset + 19);
        long declaredLength = u32(buf, offset + 24);
        out.header(version, u8(buf, offset + 18), buf.getLong(offset), buf.getLong(offset + 8), nextPayload,
                flags, u32(buf, offset + 20), declaredLength);

        int end = offset + available;
        if (declaredLength < HEADER_LENGTH) {
            out.malformed("header length " + declaredLength + " is less than the " + HEADER_LENGTH
                    + "-byte header");
        } else if (declaredLength > available) {
            out.markTruncated();
            out.malformed("header length " + declaredLength + " exceeds the " + available + " bytes available");
        } else {
            end = offset + (int) declaredLength;
        }

        if (major == 1 && (flags & IKEV1_FLAG_ENCRYPTION) != 0) {
            out.markEncrypted();
            return true;
        }
        walkChain(buf, offset, end, major, nextPayload, out);
        return true;
    }

    private static void walkChain(ByteBuffer buf, int messageStart, int end, int major, int firstType,
                                  IkeMessage out) {
        int type = firstType;
        int pos = messageStart + HEADER_LENGTH;
        while (type != 0) {
            int at = pos - messageStart;
            int remaining = end - pos;
            if (out.payloadsFull()) {
                out.malformed("more than " + IkeMessage.MAX_PAYLOADS + " payloads; stopped at offset " + at);
                return;
            }
            if (remaining == 0) {
                out.malformed("payload chain does not end in NONE: next payload " + type + " at offset " + at
                        + ", but the message ends there");
                return;
            }
            if (remaining < GENERIC_HEADER_LENGTH) {
                out.malformed("payload " + type + " at offset " + at + ": needed " + GENERIC_HEADER_LENGTH
                        + " bytes for the generic payload header, had " + remaining);
                return;
            }
            int payloadLength = u16(buf, pos + 2);
            // The generic header is readable, so the payload is listed whatever its length says (as Wireshark).
            out.addPayload(type);
            if (payloadLength < GENERIC_HEADER_LENGTH) {
                // Like Wireshark: step over the generic header and keep following the chain, which keeps
                // the count of what is readable; each step advances, so the walk ends.
                out.malformed("payload " + type + " at offset " + at + ": length " + payloadLength
                        + " is less than the " + GENERIC_HEADER_LENGTH + "-byte generic header");
                type = u8(buf, pos);
                pos += GENERIC_HEADER_LENGTH;
                continue;
            }
            if (payloadLength > remaining) {
                out.malformed("payload " + type + " at offset " + at + ": needed " + payloadLength
                        + " bytes, had " + remaining);
                return;
            }
            if (major == 2 && IkePayloadType.isEncryptedV2(type)) {
                readFragmentHeader(buf, pos, payloadLength, type, out);
                out.markEncrypted();
                return;
            }
            readPayloadBody(buf, pos, payloadLength, major, type, at, out);
            type = u8(buf, pos);
            pos += payloadLength;
        }
    }

    private static void readPayloadBody(ByteBuffer buf, int pos, int payloadLength, int major, int type, int at,
                                        IkeMessage out) {
        if (IkePayloadType.isNotify(type)) {
            int typeOffset = major == 1 ? IKEV1_NOTIFY_TYPE_OFFSET : IKEV2_NOTIFY_TYPE_OFFSET;
            if (payloadLength < typeOffset + 2) {
                out.malformed("Notify payload at offset " + at + ": needed " + (typeOffset + 2)
                        + " bytes for the message type, had " + payloadLength);
            } else {
                out.addNotify(u16(buf, pos + typeOffset));
            }
        } else if (IkePayloadType.isDelete(type)) {
            out.countDelete();
        } else if (IkePayloadType.isVendorId(type)) {
            out.countVendorId();
        } else if (type == 1 || type == 33) {
            SecurityAssociationWalker.walk(buf, pos, payloadLength, major, at, out);
        }
    }

    private static void readFragmentHeader(ByteBuffer buf, int pos, int payloadLength, int type,
                                           IkeMessage out) {
        if (type != 53) {
            return;
        }
        if (payloadLength < SKF_FIXED_LENGTH) {
            out.malformed("Encrypted Fragment payload: needed " + SKF_FIXED_LENGTH + " bytes, had "
                    + payloadLength);
            return;
        }
        out.fragment(u16(buf, pos + 4), u16(buf, pos + 6));
    }

    static int u8(ByteBuffer buf, int index) {
        return buf.get(index) & 0xFF;
    }

    static int u16(ByteBuffer buf, int index) {
        return buf.getShort(index) & 0xFFFF;
    }

    static long u32(ByteBuffer buf, int index) {
        return buf.getInt(index) & 0xFFFF_FFFFL;
    }
}
