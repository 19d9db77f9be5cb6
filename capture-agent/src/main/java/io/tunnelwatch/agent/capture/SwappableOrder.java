package io.tunnelwatch.agent.capture;

import java.nio.ByteBuffer;

/**
 * Reads of a capture file's own integers: pcap and pcapng are written in the byte order of the host
 * that captured them, so a reader learns from the magic number whether to swap.
 */
final class SwappableOrder {
    private SwappableOrder() {}

    static int int32(ByteBuffer buffer, int index, boolean swapped) {
        int value = buffer.getInt(index);
        return swapped ? Integer.reverseBytes(value) : value;
    }

    static int u16(ByteBuffer buffer, int index, boolean swapped) {
        short value = buffer.getShort(index);
        return (swapped ? Short.reverseBytes(value) : value) & 0xFFFF;
    }
}
