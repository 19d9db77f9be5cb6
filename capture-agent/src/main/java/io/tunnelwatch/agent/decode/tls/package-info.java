/**
 * TLS record boundaries across TCP segments, as Wireshark finds them.
 *
 * <p>{@link io.tunnelwatch.agent.decode.tls.TlsStreamTracker#onSegment} is called for every TCP segment and
 * fills a reusable {@link io.tunnelwatch.agent.decode.tls.TlsRecords} with the records that complete in that
 * segment: content type, version, length; cleartext handshake message types (several per record, a message
 * fragmented over records listed where it completes); cleartext alert level and description; SSLv2-format
 * records; the version a ServerHello selects (supported_versions included). It never buffers a record: per
 * direction it keeps the next expected sequence number, what is left of the current record and handshake
 * message, and carries of at most 5 bytes (record header) and 4 bytes (handshake header).
 *
 * <h2>Choices, following TShark 4.0</h2>
 * <ul>
 *   <li>A record spanning segments is reported on the segment where its last byte arrives.</li>
 *   <li>Record header: content type 20..24, version 0x0300..0x0304, length at most 2^14 + 2048
 *       (RFC 5246 6.2.3). Anything else means we are not at a boundary: the direction resynchronises at the
 *       next segment that starts with a plausible header (like TShark's "Continuation Data").</li>
 *   <li>Ciphertext: after ChangeCipherSpec in that direction (TLS up to 1.2); in TLS 1.3 everything after the
 *       ServerHello, in both directions, except CCS (a HelloRetryRequest does not count); SSLv2 after
 *       CLIENT-MASTER-KEY / SERVER-HELLO; application data always. A handshake record whose first message has an
 *       unknown type or a length of 64 KiB or more is ciphertext too (TShark's heuristic). An alert is cleartext
 *       only when not ciphertext by these rules and exactly 2 bytes long.</li>
 *   <li>Retransmitted bytes add nothing; a partly retransmitted segment counts only its new bytes. Missing bytes
 *       (a lost segment, or bytes a snaplen did not keep) inside a record body keep the boundaries by sequence
 *       numbers; a record header in missing bytes loses them until the next plausible segment start
 *       ({@code syncLosses()}, {@code uncapturedHeaders()}). Snaplen is not "malformed".</li>
 *   <li>SSLv2: a ClientHello (2-byte header, message 1, version 0x0002 or 0x0300..0x0303, cipher-spec length a
 *       multiple of 3, session id 0 or 16, challenge 16..32, all summing to the record length) is believed only as
 *       a direction's first record, in one segment; an SSLv2 ServerHello is believed only in answer to one, and
 *       then both directions speak SSLv2 records.</li>
 *   <li>A direction whose first {@value io.tunnelwatch.agent.decode.tls.TlsDirection#MAX_FAILED_FIRST_SYNCS}
 *       segment starts never look like TLS is not TLS: it is not looked at again until a new SYN.</li>
 * </ul>
 *
 * <h2>Presentation differences from TShark 4.0 (same facts, other fields)</h2>
 * <ul>
 *   <li>A TLS 1.3 protected record's type is {@code tls.record.opaque_type} in TShark, not
 *       {@code content_type}: we give 23 in {@code contentType(i)} and say {@code tls13Ciphertext(i)}.</li>
 *   <li>TShark shows no length for an encrypted SSLv2 record; we give the header's length.</li>
 *   <li>{@code serverVersion()} is one value per segment (the last ServerHello's).</li>
 * </ul>
 * Checked frame by frame by {@code TlsCorpusConformanceTest} on the public TLS captures.
 *
 * <h2>Bounds</h2>
 * At most {@code maxConnections} connections (least recently seen evicted) and none idle beyond
 * {@code maxIdleMicros} of capture time; an RST forgets a connection, a SYN restarts it, a FIN changes nothing
 * (retransmissions may follow). Segments without payload never create state. Nothing is sized from the wire;
 * following a connection allocates nothing per segment.
 */
package io.tunnelwatch.agent.decode.tls;
