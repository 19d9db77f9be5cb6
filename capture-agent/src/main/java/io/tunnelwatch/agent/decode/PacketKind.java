package io.tunnelwatch.agent.decode;

/** What a captured frame turned out to carry, as far as a VPN attempt is concerned. */
public enum PacketKind {
    /** A TCP segment (TLS records, when found, are in {@link DecodedPacket#tls()}). */
    TCP,
    /** An ISAKMP/IKE message on UDP 500, or on UDP 4500 after the non-ESP marker. */
    IKE,
    /** ESP directly over IP, or ESP-in-UDP on port 4500. */
    ESP,
    /** The one-byte 0xFF NAT-keepalive on UDP 4500 (RFC 3948 section 2.3). */
    NATT_KEEPALIVE,
    /** UDP on port 500 or 4500 whose payload is none of the above (always with a malformed reason). */
    UDP_VPN_PORT,
    /** A non-first IP fragment: counted, not decoded (its transport header is in the first fragment). */
    LATER_FRAGMENT,
    /** Readable, but nothing a VPN attempt is made of (ARP, ICMP, other UDP, ...). */
    NOT_VPN,
    /** The link or IP header could not be read (always with a malformed reason). */
    UNREADABLE;

    /** Whether the decode command prints a line for this kind (every packet carrying TCP, UDP 500/4500 or ESP). */
    public boolean isReported() {
        return this == TCP || this == IKE || this == ESP || this == NATT_KEEPALIVE || this == UDP_VPN_PORT;
    }
}
