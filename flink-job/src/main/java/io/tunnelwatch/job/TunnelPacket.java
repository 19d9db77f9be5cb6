package io.tunnelwatch.job;

import java.util.Comparator;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.PacketSummary;

/**
 * One packet summary on its way through the job, keyed by its tunnel.
 *
 * <p>The summary travels as the record value the agent wrote ({@code agentRecord}), already checked
 * by {@link SummaryDeserializer}: Flink moves and buffers plain bytes cheaply, and the correlation
 * parses it once, when it handles the packet. The fields beside it are what the job needs before
 * that: the key, the event time and the order among equal timestamps.
 *
 * @param tunnelKey    the direction-independent address pair, {@code "192.0.2.1|198.51.100.7"}
 * @param tsMicros     capture time, microseconds since the epoch (event time)
 * @param captureSeq   the agent's per-capture sequence number (unsigned)
 * @param agentId      the capturing agent ({@code tw.agent} header), empty if absent
 * @param site         the agent's site label ({@code tw.site} header), empty if absent
 * @param replayFile   the capture file of a replayed record ({@code tw.source.file}); empty when live
 * @param agentRecord  the serialized {@link AgentRecord} holding the packet summary
 */
public record TunnelPacket(
        String tunnelKey,
        long tsMicros,
        long captureSeq,
        String agentId,
        String site,
        String replayFile,
        byte[] agentRecord) {

    /** The order the correlation handles one tunnel's packets in: capture time, then capture order. */
    public static final Comparator<TunnelPacket> EVENT_ORDER = Comparator
            .comparingLong(TunnelPacket::tsMicros)
            .thenComparing(TunnelPacket::captureSeq, Long::compareUnsigned);

    /** Flink's event time is in milliseconds; flooring keeps the order of negative times too. */
    public long eventTimeMillis() {
        return Math.floorDiv(tsMicros, 1000L);
    }

    public boolean isReplay() {
        return !replayFile.isEmpty();
    }

    /** The packet summary; it was checked when the record was read, so this cannot fail. */
    public PacketSummary summary() {
        try {
            return AgentRecord.parseFrom(agentRecord).getPacket();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a summary that was decoded once no longer decodes", e);
        }
    }
}
