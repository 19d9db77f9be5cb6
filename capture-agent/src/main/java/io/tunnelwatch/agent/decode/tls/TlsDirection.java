package io.tunnelwatch.agent.decode.tls;

import java.nio.ByteBuffer;

/**
 * Follows the TLS record and handshake-message boundaries of one direction of a TCP connection, segment by
 * segment, by sequence numbers. Never buffers a record: it keeps only the next expected sequence number,
 * how much of the current record and handshake message is left, and carries of at most 5 bytes for a record
 * header (4 for a handshake header) that straddles two segments.
 *
 * <p>A record is reported on the segment where its last byte arrives (Wireshark's choice); its handshake
 * types are those of the handshake messages that completed inside it (Wireshark reassembles a handshake
 * message fragmented over records and shows it where it completes).
 */
final class TlsDirection implements HandshakeStream.Listener {

    /**
     * RFC 5246 6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048 (RFC 8446 5.2 lowers it to 2^14 + 256
     * for TLS 1.3; the larger cap serves all versions). A longer length means we are not at a record boundary.
     */
    static final int MAX_RECORD_LENGTH = (1 << 14) + 2048;
    /** Content type, version, length (RFC 8446 5.1). */
    static final int TLS_HEADER_LENGTH = 5;
    /**
     * Segment starts tried before a direction that never showed a TLS record is declared not TLS: allows a
     * capture that starts mid-record, without reading a plain-text protocol as TLS forever.
     */
    static final int MAX_FAILED_FIRST_SYNCS = 8;

    private enum Phase { LOST, HEADER, BODY, NOT_TLS }

    private final TlsConnection connection;

    private boolean started;
    private long nextSeq;
    private Phase phase = Phase.LOST;
    private int failedFirstSyncs;
    private int recordsSeen;

    // record header carry
    private final byte[] header = new byte[TLS_HEADER_LENGTH];
    private int headerHave;
    private int headerNeed;
    private boolean headerSslv2;

    // current record
    private int recordType;
    private int recordVersion;
    private int recordLength;
    private int recordRemaining;
    private boolean recordSslv2;
    private boolean recordEncrypted;
    private boolean recordTls13Ciphertext;
    private final int[] recordHandshakes = new int[TlsRecords.MAX_HANDSHAKES_PER_RECORD];
    private int recordHandshakeCount;
    private int recordBodySeen;
    private int alertLevel;
    private int alertDescription;
    private int recordServerVersion;

    private final HandshakeStream handshakes = new HandshakeStream();

    // protection state
    private boolean changeCipherSpecSeen;
    private boolean tls13Protected;
    private boolean sslv2Encrypted;

    TlsDirection(TlsConnection connection) {
        this.connection = connection;
    }

    /**
     * A SYN: the first payload byte of this direction has sequence number seq + 1 and, if this is TLS, starts
     * a record, so its header may be collected across segments like any other.
     */
    void onSyn(long seq) {
        resetStream();
        started = true;
        nextSeq = (seq + 1) & 0xFFFF_FFFFL;
        phase = Phase.HEADER;
    }

    void markTls13Protected() {
        tls13Protected = true;
    }

    /** One segment's payload: {@code buf[payloadOffset, payloadOffset+captured)} of {@code length} bytes. */
    void onSegment(ByteBuffer buf, int payloadOffset, int captured, int length, long seq, TlsRecords out,
                   TlsStreamStats stats) {
        if (length <= 0) {
            return;
        }
        seq &= 0xFFFF_FFFFL;
        int start = 0;
        if (!started) {
            started = true;
        } else {
            int delta = (int) (seq - nextSeq);   // 32-bit wrap-around
            if (delta < 0) {
                if (-(long) delta >= length) {
                    stats.retransmissions++;
                    return;
                }
                start = -delta;                  // overlaps: only the new bytes count
            } else if (delta > 0) {
                skipMissing(delta, stats);
            }
        }
        nextSeq = (seq + length) & 0xFFFF_FFFFL;
        if (phase == Phase.NOT_TLS) {
            return;
        }
        int readable = Math.max(0, Math.min(captured, length));
        walk(buf, payloadOffset, start, readable, length, out, stats);
    }

    private void walk(ByteBuffer buf, int base, int pos, int readable, int length, TlsRecords out,
                      TlsStreamStats stats) {
        if (phase == Phase.LOST && !resync(buf, base, pos, readable)) {
            return;
        }
        while (pos < length) {
            if (phase == Phase.HEADER) {
                pos = readHeader(buf, base, pos, readable, length, out, stats);
                if (phase == Phase.LOST) {
                    return;
                }
            } else {
                int n = Math.min(recordRemaining, length - pos);
                int readableHere = Math.max(0, Math.min(n, readable - pos));
                consumeBody(buf, base + pos, readableHere, n - readableHere);
                pos += n;
                recordRemaining -= n;
                if (recordRemaining == 0) {
                    completeRecord(out);
                }
            }
        }
    }

    /** Bytes of this direction that never arrived (lost or not yet arrived): keep boundaries if we can. */
    private void skipMissing(int missing, TlsStreamStats stats) {
        if (phase == Phase.BODY && missing < recordRemaining) {
            recordRemaining -= missing;
            consumeBody(null, 0, 0, missing);
            return;
        }
        if (phase == Phase.HEADER || phase == Phase.BODY) {
            stats.syncLosses++;
            phase = Phase.LOST;
        }
    }

    /** Tries to find a record header at the start of what this segment brings. */
    private boolean resync(ByteBuffer buf, int base, int pos, int readable) {
        int available = readable - pos;
        int at = base + pos;
        boolean found = false;
        if (available >= TLS_HEADER_LENGTH && isPlausibleTlsHeader(buf, at)) {
            found = true;
        } else if (recordsSeen == 0 && available > 0 && firstRecordIsSslv2(buf, at, available)) {
            found = true;
        } else if (connection.sslv2Session && available >= 2 && (buf.get(at) & 0x80) != 0) {
            found = true;
        }
        if (found) {
            phase = Phase.HEADER;
            headerHave = 0;
            handshakes.reset();
            return true;
        }
        if (recordsSeen == 0 && ++failedFirstSyncs >= MAX_FAILED_FIRST_SYNCS) {
            phase = Phase.NOT_TLS;
        }
        return false;
    }

    private boolean firstRecordIsSslv2(ByteBuffer buf, int at, int available) {
        return SslV2Hello.isClientHello(buf, at, available)
                || (connection.clientSentSslv2Hello && SslV2Hello.isServerHello(buf, at, available));
    }

    private int readHeader(ByteBuffer buf, int base, int pos, int readable, int length, TlsRecords out,
                           TlsStreamStats stats) {
        if (headerHave == 0) {
            if (pos >= readable) {
                return uncaptured(stats);
            }
            chooseHeaderFormat(buf, base + pos, readable - pos);
        }
        while (headerHave < headerNeed && pos < length) {
            if (pos >= readable) {
                return uncaptured(stats);
            }
            header[headerHave++] = buf.get(base + pos++);
        }
        if (headerHave < headerNeed) {
            return pos;                       // straddles into the next segment
        }
        headerHave = 0;
        if (headerSslv2) {
            startSslv2Record();
        } else {
            int type = header[0] & 0xFF;
            int version = ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
            int recLength = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
            if (!isPlausibleTlsHeader(type, version, recLength)) {
                if (recordsSeen == 0) {
                    return notTlsYet();       // the first bytes after SYN: maybe not TLS at all, not malformed
                }
                return lose(out, stats, "no TLS record header at payload offset " + (pos - TLS_HEADER_LENGTH)
                        + ": content type " + type + ", version 0x" + Integer.toHexString(version)
                        + ", length " + recLength);
            }
            startTlsRecord(type, version, recLength);
        }
        if (recordRemaining == 0) {
            completeRecord(out);
        }
        return pos;
    }

    /**
     * A record header in bytes the capture did not keep (snaplen). Not malformed: the packet was fine on the
     * wire. Counted, and the boundaries are picked up again at the next plausible segment start.
     */
    private int uncaptured(TlsStreamStats stats) {
        stats.uncapturedHeaders++;
        stats.syncLosses++;
        phase = Phase.LOST;
        headerHave = 0;
        return Integer.MAX_VALUE;
    }

    private int notTlsYet() {
        phase = ++failedFirstSyncs >= MAX_FAILED_FIRST_SYNCS ? Phase.NOT_TLS : Phase.LOST;
        headerHave = 0;
        return Integer.MAX_VALUE;
    }

    private int lose(TlsRecords out, TlsStreamStats stats, String reason) {
        stats.syncLosses++;
        out.malformed(reason);
        phase = Phase.LOST;
        headerHave = 0;
        return Integer.MAX_VALUE;
    }

    private void chooseHeaderFormat(ByteBuffer buf, int at, int available) {
        headerSslv2 = false;
        headerNeed = TLS_HEADER_LENGTH;
        if (recordsSeen == 0 && SslV2Hello.isClientHello(buf, at, available)) {
            connection.clientSentSslv2Hello = true;
            headerSslv2 = true;
        } else if (recordsSeen == 0 && connection.clientSentSslv2Hello
                && SslV2Hello.isServerHello(buf, at, available)) {
            connection.sslv2Session = true;
            headerSslv2 = true;
        } else if (connection.sslv2Session) {
            headerSslv2 = true;
        }
        if (headerSslv2) {
            // draft-hickman 1.2: high bit set = 2-byte header; clear = 3-byte header with padding length.
            headerNeed = (buf.get(at) & 0x80) != 0 ? 2 : 3;
        }
    }

    private void startTlsRecord(int type, int version, int length) {
        boolean applicationData = type == TlsContentType.APPLICATION_DATA;
        boolean encrypted;
        if (type == TlsContentType.CHANGE_CIPHER_SPEC) {
            encrypted = false;
        } else if (applicationData) {
            encrypted = true;                 // application data only flows once keys are in place
        } else {
            encrypted = connection.tls13 ? tls13Protected : changeCipherSpecSeen;
        }
        startRecord(type, version, length, false, encrypted, connection.tls13 && applicationData);
    }

    private void startSslv2Record() {
        int length = headerNeed == 2
                ? ((header[0] & 0x7F) << 8) | (header[1] & 0xFF)
                : ((header[0] & 0x3F) << 8) | (header[1] & 0xFF);
        startRecord(0, 2, length, true, sslv2Encrypted, false);
    }

    private void startRecord(int type, int version, int length, boolean sslv2, boolean encrypted,
                             boolean tls13Ciphertext) {
        phase = Phase.BODY;
        recordType = type;
        recordVersion = version;
        recordLength = length;
        recordRemaining = length;
        recordSslv2 = sslv2;
        recordEncrypted = encrypted;
        recordTls13Ciphertext = tls13Ciphertext;
        recordHandshakeCount = 0;
        recordBodySeen = 0;
        alertLevel = -1;
        alertDescription = -1;
        recordServerVersion = 0;
        if (!sslv2 && type == TlsContentType.HANDSHAKE) {
            handshakes.startRecord(length, encrypted);
        }
    }

    /** {@code readable} body bytes at {@code buf[at...]}, then {@code missing} bytes we do not have. */
    private void consumeBody(ByteBuffer buf, int at, int readable, int missing) {
        if (recordSslv2) {
            if (recordBodySeen == 0 && readable > 0 && !recordEncrypted) {
                addHandshake(buf.get(at) & 0xFF);
            }
        } else if (!recordEncrypted && recordType == TlsContentType.ALERT) {
            for (int i = 0; i < readable && recordBodySeen + i < 2; i++) {
                if (recordBodySeen + i == 0) {
                    alertLevel = buf.get(at + i) & 0xFF;
                } else {
                    alertDescription = buf.get(at + i) & 0xFF;
                }
            }
        } else if (!recordEncrypted && recordType == TlsContentType.HANDSHAKE) {
            handshakes.accept(buf, at, readable, this);
            handshakes.skip(missing, this);
        }
        recordBodySeen += readable + missing;
    }

    @Override
    public void handshakeCompleted(int type) {
        addHandshake(type);
    }

    @Override
    public void looksEncrypted() {
        recordEncrypted = true;
    }

    @Override
    public void serverHelloCompleted(int scanned) {
        int version = scanned & 0xFFFF;
        boolean helloRetry = (scanned & ServerHelloScanner.HELLO_RETRY_REQUEST) != 0;
        recordServerVersion = version;
        if (version == 0x0304) {
            connection.tls13 = true;
            if (!helloRetry) {
                // RFC 8446 2: everything after ServerHello is protected, in both directions.
                tls13Protected = true;
                connection.peerOf(this).markTls13Protected();
            }
        }
    }

    private void addHandshake(int type) {
        if (recordHandshakeCount < recordHandshakes.length) {
            recordHandshakes[recordHandshakeCount++] = type;
        }
    }

    private void completeRecord(TlsRecords out) {
        int i = out.add(recordType, recordVersion, recordLength, recordSslv2, recordEncrypted,
                recordTls13Ciphertext);
        for (int j = 0; j < recordHandshakeCount; j++) {
            out.handshake(i, recordHandshakes[j]);
        }
        if (!recordSslv2 && recordType == TlsContentType.ALERT && !recordEncrypted && recordLength == 2
                && alertDescription >= 0) {
            out.alert(i, alertLevel, alertDescription);
        }
        if (recordServerVersion != 0) {
            out.serverVersion(recordServerVersion);
        }
        if (recordSslv2 && !recordEncrypted && recordHandshakeCount > 0) {
            int message = recordHandshakes[0];
            // draft-hickman: after CLIENT-MASTER-KEY / SERVER-HELLO each side's records are encrypted.
            if (message == TlsHandshakeType.SSLV2_CLIENT_MASTER_KEY
                    || (message == TlsHandshakeType.SSLV2_SERVER_HELLO)) {
                sslv2Encrypted = true;
            }
        }
        if (!recordSslv2 && recordType == TlsContentType.CHANGE_CIPHER_SPEC) {
            changeCipherSpecSeen = true;
        }
        recordsSeen++;
        phase = Phase.HEADER;
        headerHave = 0;
    }

    private void resetStream() {
        phase = Phase.LOST;
        failedFirstSyncs = 0;
        recordsSeen = 0;
        headerHave = 0;
        changeCipherSpecSeen = false;
        tls13Protected = false;
        sslv2Encrypted = false;
        handshakes.reset();
    }

    static boolean isPlausibleTlsHeader(ByteBuffer buf, int at) {
        return isPlausibleTlsHeader(buf.get(at) & 0xFF, buf.getShort(at + 1) & 0xFFFF,
                buf.getShort(at + 3) & 0xFFFF);
    }

    static boolean isPlausibleTlsHeader(int type, int version, int length) {
        return TlsContentType.isValid(type) && version >= 0x0300 && version <= 0x0304
                && length <= MAX_RECORD_LENGTH;
    }
}
