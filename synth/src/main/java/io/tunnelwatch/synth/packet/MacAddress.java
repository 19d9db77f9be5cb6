package io.tunnelwatch.synth.packet;

import java.net.InetAddress;
import java.util.Arrays;

/** A 48-bit Ethernet address. */
public record MacAddress(byte[] octets) {
    public MacAddress {
        if (octets.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 octets, got " + octets.length);
        }
        octets = octets.clone();
    }

    @Override
    public byte[] octets() {
        return octets.clone();
    }

    /**
     * A stable, locally administered unicast address derived from an IP address (first octet 0x02), so the
     * same host always has the same MAC in every capture without a table of addresses.
     */
    public static MacAddress derivedFrom(InetAddress address) {
        byte[] ip = address.getAddress();
        int hash = Arrays.hashCode(ip);
        return new MacAddress(new byte[] {
            0x02, (byte) (ip.length == 4 ? 0x04 : 0x06),
            (byte) (hash >>> 24), (byte) (hash >>> 16), (byte) (hash >>> 8), (byte) hash});
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress mac && Arrays.equals(octets, mac.octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (byte octet : octets) {
            if (!text.isEmpty()) {
                text.append(':');
            }
            text.append(String.format("%02x", octet & 0xFF));
        }
        return text.toString();
    }
}
