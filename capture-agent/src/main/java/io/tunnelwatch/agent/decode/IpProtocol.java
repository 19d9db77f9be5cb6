package io.tunnelwatch.agent.decode;

/** IANA protocol numbers the decoder acts on (IPv4 protocol / IPv6 next header). */
final class IpProtocol {
    static final int HOP_BY_HOP = 0;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int ESP = 50;
    static final int AH = 51;
    static final int DESTINATION_OPTIONS = 60;
    static final int MOBILITY = 135;
    static final int HIP = 139;
    static final int SHIM6 = 140;

    private IpProtocol() {
    }
}
