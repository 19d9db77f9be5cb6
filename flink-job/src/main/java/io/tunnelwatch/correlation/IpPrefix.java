package io.tunnelwatch.correlation;

/** A CIDR block ("203.0.113.0/24", "2001:db8::/32"), held in the 128-bit space of {@link IpAddress}. */
public record IpPrefix(IpAddress network, int prefixLength) implements java.io.Serializable {

    private static final int IPV4_MAPPED_OFFSET = 96;

    public IpPrefix {
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length must be 0..128, was " + prefixLength);
        }
        if (!network.equals(masked(network, prefixLength))) {
            throw new IllegalArgumentException("host bits set in " + network + " for prefix length " + prefixLength);
        }
    }

    /** Parses "a.b.c.d/n", "x::y/n" or a bare address (a single host). */
    public static IpPrefix parse(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new IllegalArgumentException("empty CIDR");
        }
        String text = cidr.strip();
        int slash = text.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
        int familyBits = address.isIpv4() ? 32 : 128;
        int length = familyBits;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in CIDR '" + cidr + "'", e);
            }
            if (length < 0 || length > familyBits) {
                throw new IllegalArgumentException("prefix length of '" + cidr + "' must be 0.." + familyBits);
            }
        }
        int length128 = address.isIpv4() ? length + IPV4_MAPPED_OFFSET : length;
        return new IpPrefix(masked(address, length128), length128);
    }

    public boolean contains(IpAddress address) {
        return masked(address, prefixLength).equals(network);
    }

    private static IpAddress masked(IpAddress address, int length) {
        long highMask = length >= 64 ? -1L : length == 0 ? 0L : -1L << (64 - length);
        long lowMask = length <= 64 ? 0L : length == 128 ? -1L : -1L << (128 - length);
        return new IpAddress(address.high() & highMask, address.low() & lowMask);
    }

    @Override
    public String toString() {
        boolean v4 = network.isIpv4() && prefixLength >= IPV4_MAPPED_OFFSET;
        return network + "/" + (v4 ? prefixLength - IPV4_MAPPED_OFFSET : prefixLength);
    }
}
