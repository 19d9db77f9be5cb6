package io.tunnelwatch.synth.scenario;

import io.tunnelwatch.synth.packet.Host;
import io.tunnelwatch.synth.packet.MacAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Address plan of generated captures, all from ranges that route nowhere real: clients in 100.64.0.0/10 (carrier
 * NAT, as mobile clients appear), VPN gateways in 198.18.0.0/16 and noise servers in 198.19.0.0/16 (RFC 2544
 * benchmarking). Host octets 0 and 255 are skipped so every address looks like an ordinary host.
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
