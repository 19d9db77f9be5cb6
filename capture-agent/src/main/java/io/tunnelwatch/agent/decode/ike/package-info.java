/**
 * ISAKMP decoding: IKEv1 (RFC 2408/2409) and IKEv2 (RFC 7296) headers and, while cleartext, the payload chain.
 *
 * <p>{@link io.tunnelwatch.agent.decode.ike.IkeDecoder#decode} reads one message (the caller strips the
 * RFC 3948 non-ESP marker on UDP 4500) into a reusable {@link io.tunnelwatch.agent.decode.ike.IkeMessage}:
 * header fields; the top-level payload types in chain order; Notify message types (IKEv1 at payload offset 10:
 * generic header, DOI, protocol, SPI size; IKEv2 at offset 6); Delete and Vendor ID counts; RFC 7383 fragment
 * number/total. The walk stops at the IKEv1 E flag (nothing after the header is listed) and at an IKEv2 SK (46)
 * or SKF (53) payload (listed, then stop). Wire codes are open types:
 * {@link io.tunnelwatch.agent.decode.ike.IkeExchangeType}, {@link io.tunnelwatch.agent.decode.ike.IkePayloadType},
 * {@link io.tunnelwatch.agent.decode.ike.IkeNotifyType} (IKEv1 and IKEv2 names, {@code isError()} for 1..16383).
 *
 * <h2>Two payload lists</h2>
 * {@code payloadType(i)} is the top-level chain: what correlation needs (which payloads a peer sent).
 * {@code treePayloadType(i)} adds, after each SA payload, its nested Proposal (2) and Transform (3) payloads,
 * in the order of Wireshark's {@code isakmp.typepayload}, so the two can be compared field by field.
 *
 * <h2>Malformed input</h2>
 * Never an exception: {@code malformed()} gives the first problem ("needed N bytes, had M"), and everything read
 * before it stays. A payload whose generic header is readable is listed even if its length is wrong (as in
 * Wireshark); a length below 4 is stepped over as 4 and the walk goes on (as in Wireshark); a length beyond the
 * message stops the walk. The walk is bounded by the header's Length when that is plausible. {@code truncated()}
 * says the datagram ended before the header's Length (a capture's snaplen cuts IKE messages too).
 * Caps: {@link io.tunnelwatch.agent.decode.ike.IkeMessage#MAX_PAYLOADS} top-level payloads and
 * {@link io.tunnelwatch.agent.decode.ike.IkeMessage#MAX_TREE_PAYLOADS} tree entries; nothing is ever sized from
 * the wire and decoding allocates nothing (except the text of a malformed reason).
 *
 * <h2>Deliberate differences from TShark 4.0 on the public corpus</h2>
 * <ul>
 *   <li>A chain whose last payload names a next payload although the message ends
 *       (tcpdump isakmp-no-none-np.pcapng, ndpi ipsec_isakmp_esp.pcap frame 192): TShark stops silently; we
 *       report "payload chain does not end in NONE".</li>
 *   <li>Payload type 15 (the pre-RFC 3947 NAT-D code, tcpdump ISAKMP_sa_setup.pcap frames 3-4): TShark
 *       dissects it as GDOI "SA KEK", fails and stops; we do not dissect bodies we do not need, so both
 *       NAT-D payloads are listed and the message is well-formed.</li>
 *   <li>A 1-3 byte tail where a generic payload header should be: TShark adds an expert note only; we report
 *       it as malformed.</li>
 * </ul>
 * Checked by {@code IkeCorpusConformanceTest}, which lists exactly these exceptions.
 */
package io.tunnelwatch.agent.decode.ike;
