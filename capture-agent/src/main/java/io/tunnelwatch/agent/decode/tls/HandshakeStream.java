package io.tunnelwatch.agent.decode.tls;

import java.nio.ByteBuffer;

/**
 * The handshake messages of one direction (RFC 8446 4): a stream that runs through the cleartext handshake
 * records and may cross both record and segment boundaries. Keeps the current message's type and remaining
 * length, and a carry of at most 4 bytes for a message header cut by a boundary.
 */
final class HandshakeStream {

    /** What the stream tells the record it is in. */
    interface Listener {
        /** A message completed in the current record and is listed there (Wireshark's listing rule). */
        void handshakeCompleted(int type);

        /** A ServerHello completed; {@code scanned} as from {@link ServerHelloScanner#result()}, never 0. */
        void serverHelloCompleted(int scanned);

        /** The record's first message looks like ciphertext (Wireshark's heuristic). */
        void looksEncrypted();
    }

    /** Handshake type plus 24-bit length (RFC 8446 4). */
    static final int HEADER_LENGTH = 4;
    /** Wireshark treats a handshake message of 64 KiB or more as ciphertext (is_encrypted_handshake_message). */
    static final int MAX_PLAUSIBLE_LENGTH = 0xFFFF;
    /** Wireshark: a record body shorter than this cannot be ciphertext (MAC or AEAD tag alone is 16 bytes). */
    static final int MIN_CIPHERTEXT_LENGTH = 16;

    private final byte[] header = new byte[HEADER_LENGTH];
    private int headerHave;
    private int type;
    private int remaining;
    private boolean inBody;
    private boolean lost;
    private final ServerHelloScanner serverHello = new ServerHelloScanner();
    private boolean scanningServerHello;

    // the current record
    private int recordLength;
    private boolean recordStartsMessage;
    private int messagesStarted;
    private int messagesCompleted;
    private boolean recordEncrypted;

    void reset() {
        headerHave = 0;
        remaining = 0;
        inBody = false;
        lost = false;
        scanningServerHello = false;
    }

    /** A handshake record begins. After lost bytes, or around ciphertext, a record start is the place to pick up. */
    void startRecord(int length, boolean encrypted) {
        if (lost || encrypted) {
            reset();
        }
        recordLength = length;
        recordEncrypted = encrypted;
        recordStartsMessage = !inBody && headerHave == 0;
        messagesStarted = 0;
        messagesCompleted = 0;
    }

    /** {@code count} record body bytes at {@code buf[at...]}. */
    void accept(ByteBuffer buf, int at, int count, Listener listener) {
        int p = 0;
        while (p < count && !lost && !recordEncrypted) {
            if (inBody) {
                int k = Math.min(remaining, count - p);
                if (scanningServerHello) {
                    serverHello.feed(buf, at + p, k);
                }
                p += k;
                remaining -= k;
                if (remaining == 0) {
                    complete(listener);
                }
                continue;
            }
            header[headerHave++] = buf.get(at + p++);
            if (headerHave == HEADER_LENGTH) {
                start(listener);
            }
        }
    }

    /** Record body bytes we do not have (lost, or not captured). */
    void skip(int missing, Listener listener) {
        if (missing <= 0 || recordEncrypted || lost) {
            return;
        }
        if (inBody && missing <= remaining) {
            if (scanningServerHello) {
                serverHello.skip(missing);
            }
            remaining -= missing;
            if (remaining == 0) {
                complete(listener);
            }
            return;
        }
        lost = true;                          // a message header fell in bytes we do not have
    }

    private void start(Listener listener) {
        headerHave = 0;
        int messageType = header[0] & 0xFF;
        int length = ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        boolean firstInRecord = recordStartsMessage && messagesStarted++ == 0;
        if (firstInRecord && recordLength >= MIN_CIPHERTEXT_LENGTH
                && (!TlsHandshakeType.isKnown(messageType) || length > MAX_PLAUSIBLE_LENGTH)) {
            // Wireshark's heuristic: such a record is an encrypted handshake message (e.g. Finished).
            recordEncrypted = true;
            reset();
            listener.looksEncrypted();
            return;
        }
        type = messageType;
        remaining = length;
        inBody = true;
        scanningServerHello = messageType == TlsHandshakeType.SERVER_HELLO;
        if (scanningServerHello) {
            serverHello.start(length);
        }
        if (length == 0) {
            complete(listener);
        }
    }

    private void complete(Listener listener) {
        inBody = false;
        // Wireshark lists an unknown type only as the first message of a record.
        if (TlsHandshakeType.isKnown(type) || messagesCompleted == 0) {
            listener.handshakeCompleted(type);
        }
        messagesCompleted++;
        if (scanningServerHello) {
            scanningServerHello = false;
            int scanned = serverHello.result();
            if (scanned != 0) {
                listener.serverHelloCompleted(scanned);
            }
        }
    }
}
