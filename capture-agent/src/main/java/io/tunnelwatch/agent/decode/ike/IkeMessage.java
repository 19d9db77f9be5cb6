package io.tunnelwatch.agent.decode.ike;

/**
 * What {@link IkeDecoder} read from one ISAKMP message: the header and, while cleartext, the payload chain.
 * A reusable holder: {@link #clear()} and refill it for each packet, so decoding allocates nothing.
 * All payload storage is sized by named caps, never by a length read from the wire.
 */
public final class IkeMessage {

    /**
     * Top-level payloads kept per message. The RFCs set no limit; real messages carry fewer than 20
     * (an IKE_SA_INIT with a dozen Vendor IDs is the long case). A longer chain is reported as malformed.
     */
    public static final int MAX_PAYLOADS = 64;
    /** Entries of the Wireshark-order list (top-level payloads plus nested proposals and transforms). */
    public static final int MAX_TREE_PAYLOADS = 256;

    private int version;
    private int exchangeType;
    private long initiatorSpi;
    private long responderSpi;
    private int nextPayload;
    private int flags;
    private long messageId;
    private long length;

    private final int[] payloadTypes = new int[MAX_PAYLOADS];
    private int payloadCount;
    private final int[] notifyTypes = new int[MAX_PAYLOADS];
    private int notifyCount;
    private int deleteCount;
    private int vendorIdCount;
    private final int[] treePayloadTypes = new int[MAX_TREE_PAYLOADS];
    private int treePayloadCount;
    private boolean treeStopped;
    private int fragmentNumber;
    private int fragmentTotal;
    private boolean encrypted;
    private boolean truncated;
    private String malformed;

    public void clear() {
        version = 0;
        exchangeType = 0;
        initiatorSpi = 0;
        responderSpi = 0;
        nextPayload = 0;
        flags = 0;
        messageId = 0;
        length = 0;
        payloadCount = 0;
        notifyCount = 0;
        deleteCount = 0;
        vendorIdCount = 0;
        treePayloadCount = 0;
        treeStopped = false;
        fragmentNumber = 0;
        fragmentTotal = 0;
        encrypted = false;
        truncated = false;
        malformed = null;
    }

    /** 1 for IKEv1/ISAKMP, 2 for IKEv2 (high nibble of the version byte). */
    public int majorVersion() {
        return version >>> 4;
    }

    public int minorVersion() {
        return version & 0x0F;
    }

    /** The raw version byte: 0x10 for IKEv1, 0x20 for IKEv2. */
    public int version() {
        return version;
    }

    public int exchangeType() {
        return exchangeType;
    }

    /** Initiator SPI (IKEv1: initiator cookie), the 8 bytes read big-endian. */
    public long initiatorSpi() {
        return initiatorSpi;
    }

    /** Responder SPI (IKEv1: responder cookie); 0 in a first message. */
    public long responderSpi() {
        return responderSpi;
    }

    /** The header's Next Payload: the type of the first payload. */
    public int nextPayload() {
        return nextPayload;
    }

    public int flags() {
        return flags;
    }

    /** Message ID, unsigned 32 bits. */
    public long messageId() {
        return messageId;
    }

    /** The header's Length field (unsigned 32 bits), whatever the datagram really held. */
    public long length() {
        return length;
    }

    /** Number of top-level payloads read from the cleartext chain (nested proposals/transforms excluded). */
    public int payloadCount() {
        return payloadCount;
    }

    public int payloadType(int i) {
        return payloadTypes[i];
    }

    public int notifyCount() {
        return notifyCount;
    }

    /** The i-th Notify payload's message type, in chain order; see {@link IkeNotifyType}. */
    public int notifyType(int i) {
        return notifyTypes[i];
    }

    public int deleteCount() {
        return deleteCount;
    }

    public int vendorIdCount() {
        return vendorIdCount;
    }

    /**
     * Payload types in Wireshark's {@code isakmp.typepayload} order: each top-level payload, and right after
     * an SA payload the Proposal (2) and Transform (3) payloads nested in it. For comparison with Wireshark;
     * correlation uses the top-level {@link #payloadType(int)} chain.
     */
    public int treePayloadCount() {
        return treePayloadCount;
    }

    public int treePayloadType(int i) {
        return treePayloadTypes[i];
    }

    /** RFC 7383 Fragment Number of an Encrypted Fragment (SKF) payload, 0 when there is none. */
    public int fragmentNumber() {
        return fragmentNumber;
    }

    /** RFC 7383 Total Fragments of an Encrypted Fragment (SKF) payload, 0 when there is none. */
    public int fragmentTotal() {
        return fragmentTotal;
    }

    /** True when the rest of the message is ciphertext: IKEv1 E flag, or an IKEv2 SK/SKF payload reached. */
    public boolean encrypted() {
        return encrypted;
    }

    /**
     * True when the header's Length runs past the bytes given: the datagram was cut (a capture's snaplen, or
     * a damaged packet). {@link #malformed()} then says so too; a caller that knows the capture truncated the
     * packet may treat it as not malformed.
     */
    public boolean truncated() {
        return truncated;
    }

    /** Null when everything was readable; otherwise why the rest was not (the first problem found). */
    public String malformed() {
        return malformed;
    }

    // ---- filled by IkeDecoder ----

    void header(int version, int exchangeType, long initiatorSpi, long responderSpi, int nextPayload,
                int flags, long messageId, long length) {
        this.version = version;
        this.exchangeType = exchangeType;
        this.initiatorSpi = initiatorSpi;
        this.responderSpi = responderSpi;
        this.nextPayload = nextPayload;
        this.flags = flags;
        this.messageId = messageId;
        this.length = length;
    }

    boolean payloadsFull() {
        return payloadCount == MAX_PAYLOADS;
    }

    void addPayload(int type) {
        payloadTypes[payloadCount++] = type;
        addTreePayload(type);
    }

    /** Returns false when the tree list is full or stopped. */
    boolean addTreePayload(int type) {
        if (treeStopped || treePayloadCount == MAX_TREE_PAYLOADS) {
            return false;
        }
        treePayloadTypes[treePayloadCount++] = type;
        return true;
    }

    /**
     * A malformed proposal or transform: Wireshark's dissection stops there, so its list does too. The
     * top-level chain goes on (the SA payload's own length was sound).
     */
    void stopTree() {
        treeStopped = true;
    }

    void addNotify(int type) {
        notifyTypes[notifyCount++] = type;
    }

    void countDelete() {
        deleteCount++;
    }

    void countVendorId() {
        vendorIdCount++;
    }

    void fragment(int number, int total) {
        fragmentNumber = number;
        fragmentTotal = total;
    }

    void markTruncated() {
        truncated = true;
    }

    void markEncrypted() {
        encrypted = true;
    }

    /** Keeps the first reason: later problems are usually consequences of the first. */
    void malformed(String reason) {
        if (malformed == null) {
            malformed = reason;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("IkeMessage{v=0x").append(Integer.toHexString(version))
                .append(", xt=").append(IkeExchangeType.of(exchangeType))
                .append(", ispi=").append(String.format("%016x", initiatorSpi))
                .append(", rspi=").append(String.format("%016x", responderSpi))
                .append(", np=").append(nextPayload).append(", flags=0x").append(Integer.toHexString(flags))
                .append(", mid=").append(messageId).append(", len=").append(length).append(", payloads=[");
        for (int i = 0; i < payloadCount; i++) {
            sb.append(i == 0 ? "" : ",").append(payloadTypes[i]);
        }
        sb.append("], notify=[");
        for (int i = 0; i < notifyCount; i++) {
            sb.append(i == 0 ? "" : ",").append(notifyTypes[i]);
        }
        sb.append("]");
        if (encrypted) {
            sb.append(", encrypted");
        }
        if (malformed != null) {
            sb.append(", malformed=").append(malformed);
        }
        return sb.append('}').toString();
    }
}
