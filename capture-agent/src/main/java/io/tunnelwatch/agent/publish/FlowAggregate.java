package io.tunnelwatch.agent.publish;

/**
 * A run of data-plane packets of one flow and direction that were held back instead of being
 * published one by one.
 *
 * @param packets     how many packets the run holds (at least one)
 * @param bytes       their summed IP lengths
 * @param firstMicros capture time of the first packet of the run (the aggregate's event time)
 * @param lastMicros  capture time of the last packet of the run
 * @param firstSeq    capture sequence number of the first packet, so the aggregate sorts where its run began
 */
public record FlowAggregate(long packets, long bytes, long firstMicros, long lastMicros, long firstSeq) {}
