package io.tunnelwatch.agent.cli;

import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.IpAddressText;

/** Renders one decoded packet as one line (without the line break) into a reused builder. */
interface PacketLineFormat {
    void append(DecodedPacket packet, StringBuilder line);

    /** Epoch seconds with exactly six decimals, e.g. {@code 1429518024.029122}. */
    static void appendTimestamp(StringBuilder line, long micros) {
        if (micros < 0) {
            line.append('-');
            micros = -micros;
        }
        line.append(micros / 1_000_000L).append('.');
        long fraction = micros % 1_000_000L;
        for (long digit = 100_000L; digit > 0; digit /= 10) {
            line.append((char) ('0' + (fraction / digit) % 10));
        }
    }

    static void appendAddress(StringBuilder line, DecodedPacket packet, boolean source) {
        IpAddressText.appendAddress(line, packet, source);
    }
}
