package io.tunnelwatch.agent.decode.tls;

/**
 * The TLS record headers found in one TCP segment, as Wireshark reports them: a record that spans segments
 * is listed on the segment where it completes. A reusable holder: {@link #clear()}ed and refilled per segment,
 * storage sized by named caps, never by a length read from the wire.
 */
public final class TlsRecords {

    /**
     * Records listed per segment. A 64 KiB segment (offloaded capture) could hold thousands of 5-byte records;
     * real traffic holds a handful. Records beyond the cap are still followed, only not listed.
     */
    public static final int MAX_RECORDS = 64;
    /** Handshake messages listed per record; a TLS 1.2 server flight has at most about 8. */
    public static final int MAX_HANDSHAKES_PER_RECORD = 32;

    private final int[] contentTypes = new int[MAX_RECORDS];
    private final int[] versions = new int[MAX_RECORDS];
    private final int[] lengths = new int[MAX_RECORDS];
    private final int[] handshakeCounts = new int[MAX_RECORDS];
    private final int[] handshakeTypes = new int[MAX_RECORDS * MAX_HANDSHAKES_PER_RECORD];
    private final int[] alertLevels = new int[MAX_RECORDS];
    private final int[] alertDescriptions = new int[MAX_RECORDS];
    private final boolean[] sslv2 = new boolean[MAX_RECORDS];
    private final boolean[] encrypted = new boolean[MAX_RECORDS];
    private final boolean[] tls13Ciphertext = new boolean[MAX_RECORDS];
    private int count;
    private int unlisted;
    private boolean anySslv2;
    private int serverVersion;
    private String malformed;

    public void clear() {
        count = 0;
        unlisted = 0;
        anySslv2 = false;
        serverVersion = 0;
        malformed = null;
    }

    public int count() {
        return count;
    }

    /** Record content type (20..24, RFC 8446 5.1); 0 for an SSLv2-format record. */
    public int contentType(int i) {
        return contentTypes[i];
    }

    /** The record's legacy version (0x0300..0x0304); 2 for an SSLv2-format record. */
    public int version(int i) {
        return versions[i];
    }

    /** The record's length field: body bytes after the 5-byte (TLS) or 2/3-byte (SSLv2) header. */
    public int length(int i) {
        return lengths[i];
    }

    /** Handshake messages whose header was read in this record (cleartext only). */
    public int handshakeCount(int i) {
        return handshakeCounts[i];
    }

    /** The j-th handshake message type; in an SSLv2 record the SSLv2 message code (1, 2, 4, ...). */
    public int handshakeType(int i, int j) {
        return handshakeTypes[i * MAX_HANDSHAKES_PER_RECORD + j];
    }

    /** Cleartext alert level (1 warning, 2 fatal), -1 when this is not a cleartext alert. */
    public int alertLevel(int i) {
        return alertLevels[i];
    }

    /** Cleartext alert description (RFC 8446 6), -1 when this is not a cleartext alert. */
    public int alertDescription(int i) {
        return alertDescriptions[i];
    }

    public boolean sslv2(int i) {
        return sslv2[i];
    }

    public boolean anySslv2() {
        return anySslv2;
    }

    /**
     * True when the record body is ciphertext: after ChangeCipherSpec in its direction, a TLS 1.3 protected
     * record, or an encrypted SSLv2 record.
     */
    public boolean encrypted(int i) {
        return encrypted[i];
    }

    /**
     * True for a TLS 1.3 TLSCiphertext record (RFC 8446 5.2): {@link #contentType(int)} is then the outer
     * opaque_type 23, which Wireshark shows as {@code tls.record.opaque_type}, not {@code content_type}.
     */
    public boolean tls13Ciphertext(int i) {
        return tls13Ciphertext[i];
    }

    /** Records completed in this segment beyond {@link #MAX_RECORDS}, followed but not listed. */
    public int unlisted() {
        return unlisted;
    }

    /** Version selected by a ServerHello in this segment (supported_versions included), 0 if none. */
    public int serverVersion() {
        return serverVersion;
    }

    /** Null, or why part of this segment could not be read as TLS (the first problem found). */
    public String malformed() {
        return malformed;
    }

    // ---- filled by the tracker ----

    /** Returns the index of the new record, or -1 when the list is full (the record is then only counted). */
    int add(int contentType, int version, int length, boolean isSslv2, boolean isEncrypted,
            boolean isTls13Ciphertext) {
        if (isSslv2) {
            anySslv2 = true;
        }
        if (count == MAX_RECORDS) {
            unlisted++;
            return -1;
        }
        int i = count++;
        contentTypes[i] = contentType;
        versions[i] = version;
        lengths[i] = length;
        sslv2[i] = isSslv2;
        encrypted[i] = isEncrypted;
        tls13Ciphertext[i] = isTls13Ciphertext;
        handshakeCounts[i] = 0;
        alertLevels[i] = -1;
        alertDescriptions[i] = -1;
        return i;
    }

    void handshake(int i, int type) {
        if (i >= 0 && handshakeCounts[i] < MAX_HANDSHAKES_PER_RECORD) {
            handshakeTypes[i * MAX_HANDSHAKES_PER_RECORD + handshakeCounts[i]++] = type;
        }
    }

    void alert(int i, int level, int description) {
        if (i >= 0) {
            alertLevels[i] = level;
            alertDescriptions[i] = description;
        }
    }

    void serverVersion(int version) {
        serverVersion = version;
    }

    void malformed(String reason) {
        if (malformed == null) {
            malformed = reason;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TlsRecords[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append(sslv2[i] ? "v2" : Integer.toString(contentTypes[i]))
                    .append("/0x").append(Integer.toHexString(versions[i])).append('/').append(lengths[i]);
            if (handshakeCounts[i] > 0) {
                sb.append(" hs");
                for (int j = 0; j < handshakeCounts[i]; j++) {
                    sb.append(j == 0 ? "=" : ",").append(handshakeType(i, j));
                }
            }
            if (alertLevels[i] >= 0) {
                sb.append(" alert=").append(alertLevels[i]).append('/').append(alertDescriptions[i]);
            }
            if (encrypted[i]) {
                sb.append(" enc");
            }
        }
        if (serverVersion != 0) {
            sb.append("; server 0x").append(Integer.toHexString(serverVersion));
        }
        if (malformed != null) {
            sb.append("; malformed: ").append(malformed);
        }
        return sb.append(']').toString();
    }
}
