package io.tunnelwatch.agent.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation (a bare address means a single host), checked when parsed. */
public record Cidr(byte[] network, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public Cidr {
        network = network.clone();
    }

    /** Parses {@code 192.0.2.0/24}, {@code 2001:db8::/32} or a single address; never resolves host names. */
    public static Cidr parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        boolean v4 = IPV4.matcher(addressText).matches();
        if (!v4 && !(addressText.contains(":") && IPV6.matcher(addressText).matches())) {
            throw new ConfigException("bad CIDR '" + text + "': '" + addressText + "' is not an IPv4 or IPv6 address");
        }
        byte[] address;
        try {
            address = InetAddress.getByName(addressText).getAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("bad CIDR '" + text + "': '" + addressText + "' is not an IPv4 or IPv6 address");
        }
        int maxPrefix = address.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > maxPrefix) {
                throw new ConfigException("bad CIDR '" + text + "': prefix length must be 0-" + maxPrefix);
            }
        }
        byte[] network = mask(address, prefix);
        if (!java.util.Arrays.equals(network, address)) {
            throw new ConfigException("bad CIDR '" + text + "': host bits are set; did you mean "
                    + format(network) + "/" + prefix + "?");
        }
        return new Cidr(network, prefix);
    }

    public boolean isHost() {
        return prefixLength == network.length * 8;
    }

    /** The BPF primitive selecting this network ({@code host 192.0.2.1} or {@code net 192.0.2.0/24}). */
    public String bpf() {
        return isHost() ? "host " + format(network) : "net " + format(network) + "/" + prefixLength;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr c && c.prefixLength == prefixLength && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixLength;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    private static String format(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException impossibleForFourOrSixteenBytes) {
            throw new IllegalStateException(impossibleForFourOrSixteenBytes);
        }
    }
}
