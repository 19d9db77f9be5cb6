package io.tunnelwatch.agent.publish;

/**
 * One direction of one data-plane flow, as the aggregator tells flows apart. Addresses are kept as
 * numbers (IPv4 in {@code srcLow}/{@code dstLow}) so the key needs no array per packet.
 *
 * @param source index of the capture source (replayed file, interface), whose headers the aggregate carries
 * @param spi    the ESP SPI for {@link FlowClass#ESP}, else 0
 */
public record FlowKey(int ipVersion, long srcHigh, long srcLow, long dstHigh, long dstLow, int srcPort, int dstPort,
                      FlowClass flowClass, long spi, int vlan, boolean natt, int source) {

    // Written out: looked up on every data-plane packet, and the generated record methods go through
    // method handles that cost several times more there.
    @Override
    public boolean equals(Object other) {
        return other instanceof FlowKey that
                && srcLow == that.srcLow && dstLow == that.dstLow && srcPort == that.srcPort && dstPort == that.dstPort
                && spi == that.spi && srcHigh == that.srcHigh && dstHigh == that.dstHigh
                && ipVersion == that.ipVersion && flowClass == that.flowClass && vlan == that.vlan
                && natt == that.natt && source == that.source;
    }

    @Override
    public int hashCode() {
        long h = srcLow * 31 + dstLow;
        h = h * 31 + srcHigh;
        h = h * 31 + dstHigh;
        h = h * 31 + ((long) srcPort << 16 | dstPort);
        h = h * 31 + spi;
        h = h * 31 + ((long) ipVersion << 24 | (long) (flowClass == null ? 0 : flowClass.ordinal() + 1) << 20 | (long) vlan << 4 | (natt ? 1 : 0));
        h = h * 31 + source;
        return Long.hashCode(h * 0x9E37_79B9_7F4A_7C15L);
    }
}
