package io.tunnelwatch.job;

/**
 * An agent's heartbeat as read from one partition: its capture clock, which moves event time at
 * quiet sites, and its cumulative drop counters, which make verdicts inconclusive when packets were lost.
 */
public record AgentHeartbeat(
        String agentId,
        String site,
        int partition,
        long captureClockMicros,
        long packetsCaptured,
        long kernelDrops,
        long interfaceDrops,
        long agentDrops,
        int intervalMillis) {

    public long eventTimeMillis() {
        return Math.floorDiv(captureClockMicros, 1000L);
    }

    /** Every packet the capture lost, whoever lost it. */
    public long totalDrops() {
        return kernelDrops + interfaceDrops + agentDrops;
    }
}
