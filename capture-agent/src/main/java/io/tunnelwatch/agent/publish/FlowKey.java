package io.tunnelwatch.agent.publish;

/**
 * One direction of one data-plane flow, as the aggregator tells flows apart. Addresses are kept as
 * numbers (IPv4 in {@code srcLow}/{@code dstLow}) so the key needs no array per packet.
 *
 * @param source index of the capture source (replayed file, interface), whose headers the aggregate carries
 * @param spi    the ESP SPI for {@link FlowClass#ESP}, else 0
 */
public record FlowKey(int ipVersion, long srcHigh, long srcLow, long dstHigh, long dstLow, int srcPort, int dstPort,
                      FlowClass flowClass, long spi, int vlan, boolean natt, int source) {}
