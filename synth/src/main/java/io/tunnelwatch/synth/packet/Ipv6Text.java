package io.tunnelwatch.synth.packet;

/** IPv6 literals: parsing with "::", and the canonical compressed text of RFC 5952. */
final class Ipv6Text {
    private Ipv6Text() {
    }

    static byte[] parse(String literal) {
        String[] halves = literal.split("::", -1);
        if (halves.length > 2) {
            throw new IllegalArgumentException("not an IPv6 literal: " + literal);
        }
        String[] head = groups(halves[0]);
        String[] tail = halves.length == 2 ? groups(halves[1]) : new String[0];
        if ((halves.length == 1 && head.length != 8) || head.length + tail.length > 8) {
            throw new IllegalArgumentException("not an IPv6 literal: " + literal);
        }
        byte[] octets = new byte[16];
        for (int i = 0; i < head.length; i++) {
            put(octets, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            put(octets, 8 - tail.length + i, tail[i]);
        }
        return octets;
    }

    private static String[] groups(String text) {
        return text.isEmpty() ? new String[0] : text.split(":");
    }

    private static void put(byte[] octets, int group, String hex) {
        int value = Integer.parseInt(hex, 16);
        octets[2 * group] = (byte) (value >>> 8);
        octets[2 * group + 1] = (byte) value;
    }

    static String format(byte[] octets) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((octets[2 * i] & 0xFF) << 8) | (octets[2 * i + 1] & 0xFF);
        }
        // RFC 5952 section 4.2: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
