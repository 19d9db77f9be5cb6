package io.tunnelwatch.agent.replay;

import io.tunnelwatch.agent.publish.PublisherStats;
import java.time.Duration;
import java.util.List;

/**
 * How a replay went: every packet read, what was published, and what was lost or damaged.
 *
 * @param packetsRead packets read from all files
 * @param summaries   summaries produced (individual packets plus aggregates)
 * @param publisher   where those summaries went (acknowledged, failed, dropped)
 * @param heartbeats  heartbeat rounds (one record per partition each)
 * @param malformed   packets the decoder could read only in part
 * @param damaged     files that ended early, with the reason
 */
public record ReplayResult(long packetsRead, long summaries, PublisherStats publisher, long heartbeats,
                           long malformed, List<String> damaged, Duration elapsed) {

    /** Everything read was delivered and no file was cut short. */
    public boolean complete() {
        return publisher.lost() == 0 && damaged.isEmpty();
    }

    /** Packets read per record published: the volume reduction on this capture. */
    public double reduction() {
        return publisher.acknowledged() == 0 ? 0 : (double) packetsRead / publisher.acknowledged();
    }
}
