package io.tunnelwatch.agent.decode;

import java.nio.ByteBuffer;

/** Unsigned absolute big-endian reads; callers check bounds first. */
final class Bytes {
    private Bytes() {
    }

    static int u8(ByteBuffer buf, int index) {
        return buf.get(index) & 0xFF;
    }

    static int u16(ByteBuffer buf, int index) {
        return buf.getShort(index) & 0xFFFF;
    }

    static long u32(ByteBuffer buf, int index) {
        return buf.getInt(index) & 0xFFFF_FFFFL;
    }
}
