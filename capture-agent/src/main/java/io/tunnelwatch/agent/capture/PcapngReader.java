package io.tunnelwatch.agent.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reader of pcapng (draft-ietf-opsawg-pcapng): Section Header, Interface Description, Enhanced Packet,
 * Simple Packet and the obsolete Packet block; every other block type is skipped. Each section may use its
 * own byte order, and each interface its own link type and timestamp resolution ({@code if_tsresol},
 * {@code if_tsoffset}).
 */
final class PcapngReader implements CaptureReader {
    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    private static final int OBSOLETE_PACKET_BLOCK = 2;
    private static final int SIMPLE_PACKET_BLOCK = 3;
    private static final int ENHANCED_PACKET_BLOCK = 6;
    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;
    /** Block type, block total length, ..., block total length again. */
    private static final int BLOCK_FRAME_LENGTH = 12;
    private static final int MIN_SECTION_HEADER_LENGTH = 28;
    private static final int MIN_INTERFACE_DESCRIPTION_LENGTH = 20;
    private static final int ENHANCED_PACKET_HEADER = 28;
    private static final int OBSOLETE_PACKET_HEADER = 28;
    private static final int SIMPLE_PACKET_HEADER = 12;
    /** The default if_tsresol is 6: microseconds. */
    private static final int DEFAULT_TSRESOL = 6;

    private final FileWindow window;
    private boolean swapped;
    private long packetsRead;

    // Interfaces of the current section, indexed by interface id; the arrays grow only when an IDB is read.
    private int interfaceCount;
    private int[] linkTypes = new int[4];
    private int[] snapLengths = new int[4];
    private int[] tsResolutions = new int[4];
    private long[] tsOffsetSeconds = new long[4];

    PcapngReader(FileWindow window) {
        this.window = window;
    }

    @Override
    public boolean next(PacketView view) throws CaptureFileException {
        try {
            while (true) {
                long blockStart = window.filePosition();
                int available = window.ensure(BLOCK_FRAME_LENGTH);
                if (available == 0) {
                    return false;
                }
                if (available < 8) {
                    throw new CaptureFileException("file truncated at byte " + blockStart
                            + ": block header needs 8 bytes, only " + available + " left");
                }
                ByteBuffer buffer = window.buffer();
                int at = window.position();
                // The section header's type is a palindrome, so it reads the same in either byte order.
                int type = int32(buffer, at);
                if (type == SECTION_HEADER_BLOCK) {
                    readSectionHeader(blockStart);
                    continue;
                }
                long totalLength = int32(buffer, at + 4) & 0xFFFF_FFFFL;
                if (totalLength < BLOCK_FRAME_LENGTH || totalLength % 4 != 0) {
                    throw damaged(blockStart, "block claims " + totalLength + " bytes");
                }
                if (type != ENHANCED_PACKET_BLOCK && type != SIMPLE_PACKET_BLOCK
                        && type != OBSOLETE_PACKET_BLOCK && type != INTERFACE_DESCRIPTION_BLOCK) {
                    window.skip(totalLength);
                    continue;
                }
                if (totalLength > window.capacity()) {
                    throw damaged(blockStart, "block claims " + totalLength + " bytes");
                }
                int blockLength = (int) totalLength;
                available = window.ensure(blockLength);
                if (available < blockLength) {
                    throw new CaptureFileException("file truncated at byte " + blockStart + ": block claims "
                            + blockLength + " bytes, only " + available + " left");
                }
                at = window.position();
                if (int32(buffer, at + blockLength - 4) != blockLength) {
                    throw damaged(blockStart, "block length " + blockLength + " does not match its trailer "
                            + (int32(buffer, at + blockLength - 4) & 0xFFFF_FFFFL));
                }
                boolean packet = switch (type) {
                    case INTERFACE_DESCRIPTION_BLOCK -> {
                        readInterfaceDescription(buffer, at, blockLength, blockStart);
                        yield false;
                    }
                    case ENHANCED_PACKET_BLOCK -> readEnhancedPacket(buffer, at, blockLength, blockStart, view);
                    case SIMPLE_PACKET_BLOCK -> readSimplePacket(buffer, at, blockLength, blockStart, view);
                    default -> readObsoletePacket(buffer, at, blockLength, blockStart, view);
                };
                window.advance(blockLength);
                if (packet) {
                    packetsRead++;
                    return true;
                }
            }
        } catch (IOException e) {
            throw new CaptureFileException("read error at byte " + window.filePosition() + ": " + e.getMessage(), e);
        }
    }

    private void readSectionHeader(long blockStart) throws IOException, CaptureFileException {
        int available = window.ensure(MIN_SECTION_HEADER_LENGTH);
        if (available < MIN_SECTION_HEADER_LENGTH) {
            throw new CaptureFileException("file truncated at byte " + blockStart
                    + ": section header needs " + MIN_SECTION_HEADER_LENGTH + " bytes, only " + available + " left");
        }
        ByteBuffer buffer = window.buffer();
        int at = window.position();
        int byteOrderMagic = buffer.getInt(at + 8);
        if (byteOrderMagic == BYTE_ORDER_MAGIC) {
            swapped = false;
        } else if (byteOrderMagic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            swapped = true;
        } else {
            throw damaged(blockStart, String.format("section header has byte-order magic 0x%08x", byteOrderMagic));
        }
        int major = u16(buffer, at + 12);
        if (major != 1) {
            throw new CaptureFileException("unsupported pcapng version " + major + " at byte " + blockStart);
        }
        long totalLength = int32(buffer, at + 4) & 0xFFFF_FFFFL;
        if (totalLength < MIN_SECTION_HEADER_LENGTH || totalLength % 4 != 0) {
            throw damaged(blockStart, "section header claims " + totalLength + " bytes");
        }
        interfaceCount = 0;
        window.skip(totalLength);
    }

    private void readInterfaceDescription(ByteBuffer buffer, int at, int blockLength, long blockStart)
            throws CaptureFileException {
        if (blockLength < MIN_INTERFACE_DESCRIPTION_LENGTH) {
            throw damaged(blockStart, "interface description claims " + blockLength + " bytes");
        }
        if (interfaceCount == linkTypes.length) {
            int grown = interfaceCount * 2;
            linkTypes = Arrays.copyOf(linkTypes, grown);
            snapLengths = Arrays.copyOf(snapLengths, grown);
            tsResolutions = Arrays.copyOf(tsResolutions, grown);
            tsOffsetSeconds = Arrays.copyOf(tsOffsetSeconds, grown);
        }
        int id = interfaceCount++;
        linkTypes[id] = u16(buffer, at + 8);
        snapLengths[id] = int32(buffer, at + 12);
        tsResolutions[id] = DEFAULT_TSRESOL;
        tsOffsetSeconds[id] = 0;
        int option = at + 16;
        int optionsEnd = at + blockLength - 4;
        while (option + 4 <= optionsEnd) {
            int code = u16(buffer, option);
            int length = u16(buffer, option + 2);
            if (code == OPTION_END || option + 4 + length > optionsEnd) {
                break;
            }
            if (code == OPTION_IF_TSRESOL && length >= 1) {
                tsResolutions[id] = buffer.get(option + 4) & 0xFF;
            } else if (code == OPTION_IF_TSOFFSET && length >= 8) {
                tsOffsetSeconds[id] = swapped ? Long.reverseBytes(buffer.getLong(option + 4)) : buffer.getLong(option + 4);
            }
            option += 4 + ((length + 3) & ~3);
        }
    }

    private boolean readEnhancedPacket(ByteBuffer buffer, int at, int blockLength, long blockStart, PacketView view)
            throws CaptureFileException {
        if (blockLength < ENHANCED_PACKET_HEADER + 4) {
            throw damaged(blockStart, "enhanced packet block claims " + blockLength + " bytes");
        }
        int interfaceId = checkInterface(int32(buffer, at + 8), blockStart);
        long timestamp = ((long) int32(buffer, at + 12) << 32) | (int32(buffer, at + 16) & 0xFFFF_FFFFL);
        long capturedLength = int32(buffer, at + 20) & 0xFFFF_FFFFL;
        long originalLength = int32(buffer, at + 24) & 0xFFFF_FFFFL;
        int room = blockLength - ENHANCED_PACKET_HEADER - 4;
        if (capturedLength > room) {
            throw damaged(blockStart, "packet claims " + capturedLength + " bytes, its block holds " + room);
        }
        view.set(buffer, at + ENHANCED_PACKET_HEADER, (int) capturedLength,
                (int) Math.min(originalLength, Integer.MAX_VALUE), linkTypes[interfaceId], interfaceId,
                toMicros(timestamp, interfaceId));
        return true;
    }

    private boolean readObsoletePacket(ByteBuffer buffer, int at, int blockLength, long blockStart, PacketView view)
            throws CaptureFileException {
        if (blockLength < OBSOLETE_PACKET_HEADER + 4) {
            throw damaged(blockStart, "packet block claims " + blockLength + " bytes");
        }
        int interfaceId = checkInterface(u16(buffer, at + 8), blockStart);
        long timestamp = ((long) int32(buffer, at + 12) << 32) | (int32(buffer, at + 16) & 0xFFFF_FFFFL);
        long capturedLength = int32(buffer, at + 20) & 0xFFFF_FFFFL;
        long originalLength = int32(buffer, at + 24) & 0xFFFF_FFFFL;
        int room = blockLength - OBSOLETE_PACKET_HEADER - 4;
        if (capturedLength > room) {
            throw damaged(blockStart, "packet claims " + capturedLength + " bytes, its block holds " + room);
        }
        view.set(buffer, at + OBSOLETE_PACKET_HEADER, (int) capturedLength,
                (int) Math.min(originalLength, Integer.MAX_VALUE), linkTypes[interfaceId], interfaceId,
                toMicros(timestamp, interfaceId));
        return true;
    }

    /** A Simple Packet Block has no timestamp and belongs to interface 0; its captured length is implied. */
    private boolean readSimplePacket(ByteBuffer buffer, int at, int blockLength, long blockStart, PacketView view)
            throws CaptureFileException {
        if (blockLength < SIMPLE_PACKET_HEADER + 4) {
            throw damaged(blockStart, "simple packet block claims " + blockLength + " bytes");
        }
        checkInterface(0, blockStart);
        long originalLength = int32(buffer, at + 8) & 0xFFFF_FFFFL;
        long capturedLength = Math.min(originalLength, blockLength - SIMPLE_PACKET_HEADER - 4);
        long snapLength = snapLengths[0] & 0xFFFF_FFFFL;
        if (snapLength != 0) {
            capturedLength = Math.min(capturedLength, snapLength);
        }
        view.set(buffer, at + SIMPLE_PACKET_HEADER, (int) capturedLength,
                (int) Math.min(originalLength, Integer.MAX_VALUE), linkTypes[0], 0, 0);
        return true;
    }

    private int checkInterface(int interfaceId, long blockStart) throws CaptureFileException {
        if (interfaceId < 0 || interfaceId >= interfaceCount) {
            throw damaged(blockStart, "packet names interface " + (interfaceId & 0xFFFF_FFFFL) + " but the section has "
                    + interfaceCount);
        }
        return interfaceId;
    }

    /** if_tsresol: high bit clear means units of 10^-n seconds, set means units of 2^-n seconds. */
    private long toMicros(long timestamp, int interfaceId) {
        int resolution = tsResolutions[interfaceId];
        int exponent = resolution & 0x7F;
        long offsetMicros = tsOffsetSeconds[interfaceId] * 1_000_000L;
        long micros;
        if ((resolution & 0x80) == 0) {
            if (exponent <= 6) {
                micros = timestamp * POWERS_OF_TEN[6 - exponent];
            } else if (exponent < POWERS_OF_TEN.length + 6) {
                micros = Long.divideUnsigned(timestamp, POWERS_OF_TEN[exponent - 6]);
            } else {
                micros = 0;
            }
        } else if (exponent >= 64) {
            micros = 0;
        } else {
            long seconds = exponent == 0 ? timestamp : timestamp >>> exponent;
            long fraction = exponent == 0 ? 0 : timestamp & ((1L << exponent) - 1);
            // Scale the fraction to microseconds without overflow: drop bits beyond 2^-40 first.
            int shift = Math.max(0, exponent - 40);
            micros = seconds * 1_000_000L + (((fraction >>> shift) * 1_000_000L) >>> (exponent - shift));
        }
        return micros + offsetMicros;
    }

    private static final long[] POWERS_OF_TEN = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L
    };

    private static CaptureFileException damaged(long blockStart, String why) {
        return new CaptureFileException("file damaged at byte " + blockStart + ": " + why);
    }

    @Override
    public long packetsRead() {
        return packetsRead;
    }

    private int int32(ByteBuffer buffer, int index) {
        return SwappableOrder.int32(buffer, index, swapped);
    }

    private int u16(ByteBuffer buffer, int index) {
        return SwappableOrder.u16(buffer, index, swapped);
    }

    @Override
    public void close() {
        window.closeQuietly();
    }
}
