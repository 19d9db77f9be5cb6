package io.tunnelwatch.agent.publish;

/**
 * Where every summary handed to {@link SummaryPublisher} went. Once the publisher is closed,
 * {@code offered == acknowledged + failed + dropped}: no summary disappears unaccounted.
 *
 * @param offered       summaries handed to the publisher
 * @param acknowledged  summaries Kafka confirmed
 * @param failed        summaries Kafka gave up on (callback error: delivery timeout, authorisation, too large...)
 * @param dropped       summaries the agent dropped because its queue was full or it was stopping
 * @param queued        summaries waiting in the agent's queue now
 * @param queueCapacity the queue's bound (0 when the caller sends directly and blocks instead)
 * @param heartbeatsAcknowledged heartbeat records Kafka confirmed
 * @param heartbeatsLost heartbeat records dropped or failed (not summaries: they do not count as agent drops)
 */
public record PublisherStats(long offered, long acknowledged, long failed, long dropped, long queued,
                             int queueCapacity, long heartbeatsAcknowledged, long heartbeatsLost) {

    /** Summaries lost by the agent: what a heartbeat reports as agent drops. */
    public long lost() {
        return failed + dropped;
    }

    /** Handed to Kafka, not yet confirmed or failed. */
    public long inFlight() {
        return offered - acknowledged - failed - dropped - queued;
    }
}
