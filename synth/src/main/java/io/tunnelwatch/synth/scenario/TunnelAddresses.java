package io.tunnelwatch.synth.scenario;

import io.tunnelwatch.synth.packet.Host;
import io.tunnelwatch.synth.packet.MacAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Address plan of generated captures, all from ranges that route nowhere real: clients in 100.64.0.0/10 (carrier
 * NAT, as mobile clients appear), VPN gateways in 198.18.0.0/16 and noise servers in 198.19.0.0/16 (RFC 2544
 * benchmarking); IPv6 tunnels in 2001:db8::/32 (documentation). Host octets 0 and 255 are skipped so every IPv4
 * address looks like an ordinary host.
 */
final class TunnelAddresses {
    /** Clients arrive from far away; gateways and noise servers sit next to the capture point. */
    private static final int CLIENT_TTL = 113;
    private static final int SERVER_TTL = 64;
    /** Each noise plan uses six consecutive servers (resolver and five web servers). */
    static final int NOISE_BLOCK = 8;

    private TunnelAddresses() {
    }

    static Host client(int index) {
        int block = index / 254;
        return host(new byte[] {100, (byte) (64 + block / 256), (byte) (block % 256), (byte) (index % 254 + 1)},
            CLIENT_TTL);
    }

    static Host gateway(int index) {
        return host(new byte[] {(byte) 198, 18, (byte) (index / 254), (byte) (index % 254 + 1)}, SERVER_TTL);
    }

    /** IPv6 clients in 2001:db8:100::/48 (documentation prefix, RFC 3849). */
    static Host ipv6Client(int index) {
        return host(ipv6(0x0100, index + 1), CLIENT_TTL);
    }

    /** IPv6 gateways in 2001:db8:ffff::/48. */
    static Host ipv6Gateway(int index) {
        return host(ipv6(0xFFFF, index + 1), SERVER_TTL);
    }

    private static byte[] ipv6(int subnet, int interfaceId) {
        byte[] octets = new byte[16];
        octets[0] = 0x20;
        octets[1] = 0x01;
        octets[2] = 0x0D;
        octets[3] = (byte) 0xB8;
        octets[4] = (byte) (subnet >>> 8);
        octets[5] = (byte) subnet;
        octets[12] = (byte) (interfaceId >>> 24);
        octets[13] = (byte) (interfaceId >>> 16);
        octets[14] = (byte) (interfaceId >>> 8);
        octets[15] = (byte) interfaceId;
        return octets;
    }

    /** The first of a noise plan's servers; the others follow at +1 to +5. */
    static Host noiseServers(int index) {
        int offset = index * NOISE_BLOCK;
        return host(new byte[] {(byte) 198, 19, (byte) (offset / 248), (byte) (offset % 248 + 1)}, SERVER_TTL);
    }

    private static Host host(byte[] octets, int ttl) {
        try {
            InetAddress address = InetAddress.getByAddress(octets);
            return new Host(address, MacAddress.derivedFrom(address), ttl);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 octets are always an address", e);
        }
    }
}
