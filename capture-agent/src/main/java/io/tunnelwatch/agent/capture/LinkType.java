package io.tunnelwatch.agent.capture;

/**
 * LINKTYPE_ values (tcpdump.org/linktypes.html) that the decoder understands. A link type is an open wire
 * code: any other value is carried as its number and reported as unsupported by the decoder.
 */
public final class LinkType {
    /** BSD loopback: 4-byte address family in the byte order of the capturing host. */
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** DLT_RAW as written by most systems before LINKTYPE_RAW existed. */
    public static final int DLT_RAW_12 = 12;
    /** DLT_RAW as written by OpenBSD. */
    public static final int DLT_RAW_14 = 14;
    public static final int RAW = 101;
    /** OpenBSD loopback: like NULL but the address family is big-endian. */
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** Name for messages; unknown values are shown by number. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "ETHERNET";
            case DLT_RAW_12, DLT_RAW_14, RAW -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case LINUX_SLL2 -> "LINUX_SLL2";
            default -> "link type " + linkType;
        };
    }
}
