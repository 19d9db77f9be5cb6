package io.tunnelwatch.agent.publish;

import io.tunnelwatch.agent.decode.PacketKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the agent did with the packets it decoded; shared by all capture threads, read by metrics and heartbeats. */
public final class PipelineCounters {
    private final Map<PacketKind, LongAdder> decodedByKind = new EnumMap<>(PacketKind.class);
    private final LongAdder packets = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder publishedIndividually = new LongAdder();
    private final LongAdder aggregatedPackets = new LongAdder();
    private final LongAdder aggregatesPublished = new LongAdder();

    public PipelineCounters() {
        for (PacketKind kind : PacketKind.values()) {
            decodedByKind.put(kind, new LongAdder());
        }
    }

    void onDecoded(PacketKind kind, boolean isMalformed) {
        packets.increment();
        decodedByKind.get(kind).increment();
        if (isMalformed) {
            malformed.increment();
        }
    }

    void onPublishedIndividually() {
        publishedIndividually.increment();
    }

    void onAggregated() {
        aggregatedPackets.increment();
    }

    void onAggregatePublished() {
        aggregatesPublished.increment();
    }

    /** Packets handed to the pipeline (captured, or read from files). */
    public long packets() {
        return packets.sum();
    }

    public long decoded(PacketKind kind) {
        return decodedByKind.get(kind).sum();
    }

    /** Packets the decoder could read only in part (a reason is on the summary, when published). */
    public long malformed() {
        return malformed.sum();
    }

    public long publishedIndividually() {
        return publishedIndividually.sum();
    }

    /** Data-plane packets counted into aggregates instead of being published. */
    public long aggregatedPackets() {
        return aggregatedPackets.sum();
    }

    public long aggregatesPublished() {
        return aggregatesPublished.sum();
    }

    /** Summaries produced: individual ones plus aggregates. */
    public long summaries() {
        return publishedIndividually() + aggregatesPublished();
    }
}
