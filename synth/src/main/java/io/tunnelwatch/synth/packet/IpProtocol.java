package io.tunnelwatch.synth.packet;

/** IANA protocol numbers used here (IPv4 protocol field, IPv6 next header). */
public final class IpProtocol {
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ESP = 50;

    private IpProtocol() {
    }
}
