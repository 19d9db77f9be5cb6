package io.tunnelwatch.correlation;

import java.util.Objects;

/**
 * An agent's cumulative capture-loss counters at a point of its capture clock (from its heartbeat).
 *
 * @param captureClockMicros the agent's capture clock, event time
 * @param kernelDrops        pcap ps_drop, cumulative since the agent started
 * @param interfaceDrops     pcap ps_ifdrop, cumulative
 * @param agentDrops         summaries the agent dropped itself (buffer full), cumulative
 */
public record DropReport(String agentId, long captureClockMicros, long kernelDrops, long interfaceDrops,
                         long agentDrops) {

    public DropReport {
        Objects.requireNonNull(agentId, "agentId");
    }

    /** Every packet the correlation never saw, whatever lost it. */
    public long totalDrops() {
        return kernelDrops + interfaceDrops + agentDrops;
    }
}
