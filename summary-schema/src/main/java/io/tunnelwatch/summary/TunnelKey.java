package io.tunnelwatch.summary;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The direction-independent pair of addresses a tunnel runs between: the Kafka record key of every
 * summary, so that all packets of one tunnel stay in order on one partition whichever way they flow.
 *
 * <p>Encoding: the two addresses in unsigned byte order, lower first, concatenated (8 bytes for
 * IPv4, 32 for IPv6). Which end is the client and which the gateway is decided by the job, which
 * sees the handshake; the agent does not need to know.
 */
public final class TunnelKey {
    private TunnelKey() {}

    /** The canonical key bytes for a packet between {@code a} and {@code b} (4 or 16 bytes each, same length). */
    public static byte[] of(byte[] a, byte[] b) {
        if (a.length != b.length || (a.length != 4 && a.length != 16)) {
            throw new IllegalArgumentException("addresses must both be 4 or both be 16 bytes, had " + a.length + " and " + b.length);
        }
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        byte[] key = new byte[a.length * 2];
        System.arraycopy(aFirst ? a : b, 0, key, 0, a.length);
        System.arraycopy(aFirst ? b : a, 0, key, a.length, a.length);
        return key;
    }

    /** Human-readable form, "192.0.2.1|198.51.100.7"; falls back to hex for a key of unexpected length. */
    public static String format(byte[] key) {
        if (key.length != 8 && key.length != 32) {
            return HexFormat.of().formatHex(key);
        }
        int half = key.length / 2;
        return address(Arrays.copyOfRange(key, 0, half)) + "|" + address(Arrays.copyOfRange(key, half, key.length));
    }

    private static String address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException impossibleForFourOrSixteenBytes) {
            return HexFormat.of().formatHex(raw);
        }
    }
}
