package io.tunnelwatch.correlation;

/** What one summary describes; mirrors the schema's PacketKind (UNSPECIFIED summaries are not facts). */
public enum PacketKind {
    /** A TCP segment to or from a VPN port, with its TLS records if any. */
    TCP,
    /** An ISAKMP/IKE message on UDP 500, or on 4500 behind the non-ESP marker. */
    IKE,
    /** ESP over IP protocol 50, or ESP-in-UDP on 4500 (payload of at least 8 bytes, non-zero SPI). */
    ESP,
    /** The one-byte 0xFF NAT-T keepalive: not ESP, not activity. */
    NATT_KEEPALIVE
}
