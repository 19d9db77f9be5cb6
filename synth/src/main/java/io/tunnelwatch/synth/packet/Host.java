package io.tunnelwatch.synth.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One end of a conversation as the capture point sees it: its IP address, the Ethernet address its frames carry
 * and the TTL its packets arrive with (a host far away arrives with a lower TTL than the local one).
 */
public record Host(InetAddress address, MacAddress mac, int ttl) {

    public static Host of(String literal, int ttl) {
        InetAddress address = literalAddress(literal);
        return new Host(address, MacAddress.derivedFrom(address), ttl);
    }

    public boolean isIpv6() {
        return address.getAddress().length == 16;
    }

    /** Parses an IP literal without any name lookup (InetAddress.getByName would try DNS for a name). */
    public static InetAddress literalAddress(String literal) {
        try {
            if (literal.indexOf(':') >= 0) {
                return InetAddress.getByAddress(Ipv6Text.parse(literal));
            }
            String[] parts = literal.split("\\.");
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IPv4 literal: " + literal);
            }
            byte[] octets = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet < 0 || octet > 255) {
                    throw new IllegalArgumentException("not an IPv4 literal: " + literal);
                }
                octets[i] = (byte) octet;
            }
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
    }

    /** The address as text: dotted IPv4, or IPv6 in the compressed form of RFC 5952. */
    public String addressText() {
        return addressText(address);
    }

    public static String addressText(InetAddress address) {
        byte[] octets = address.getAddress();
        if (octets.length == 4) {
            return (octets[0] & 0xFF) + "." + (octets[1] & 0xFF) + "." + (octets[2] & 0xFF) + "." + (octets[3] & 0xFF);
        }
        return Ipv6Text.format(octets);
    }
}
