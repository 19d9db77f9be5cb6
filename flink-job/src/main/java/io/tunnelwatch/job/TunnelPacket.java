package io.tunnelwatch.job;

import java.util.Comparator;
import java.util.Objects;

import io.tunnelwatch.correlation.PacketFact;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One packet summary on its way through the job, keyed by its tunnel.
 *
 * <p>The summary travels already decoded, as the correlation's {@link PacketFact}: the record is parsed
 * once, by {@link SummaryDeserializer}, and the keyed operator's thread only reads the fact back from the
 * exchange ({@link TunnelPacketSerializer}). The fields beside it are what the job needs of every packet,
 * even of one whose kind this build does not know: the key, the event time and the order among equal
 * timestamps.
 *
 * @param tunnelKey    the direction-independent address pair, {@code "192.0.2.1|198.51.100.7"}
 * @param tsMicros     capture time, microseconds since the epoch (event time)
 * @param captureSeq   the agent's per-capture sequence number (unsigned)
 * @param agentId      the capturing agent ({@code tw.agent} header), empty if absent
 * @param site         the agent's site label ({@code tw.site} header), empty if absent
 * @param replayFile   the capture file of a replayed record ({@code tw.source.file}); empty when live
 * @param fact         the summary as the correlation reads it; null for a summary of a kind the
 *                     correlation does not know (a newer agent's), which still takes its place in time
 */
@TypeInfo(TunnelPacketTypeInfo.Factory.class)
public record TunnelPacket(
        String tunnelKey,
        long tsMicros,
        long captureSeq,
        String agentId,
        String site,
        String replayFile,
        PacketFact fact) {

    /** The order the correlation handles one tunnel's packets in: capture time, then capture order. */
    public static final Comparator<TunnelPacket> EVENT_ORDER = Comparator
            .comparingLong(TunnelPacket::tsMicros)
            .thenComparing(TunnelPacket::captureSeq, Long::compareUnsigned);

    public TunnelPacket {
        Objects.requireNonNull(tunnelKey, "tunnelKey");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(replayFile, "replayFile");
        if (fact != null && (fact.tsMicros() != tsMicros || fact.captureSeq() != captureSeq
                || !fact.agentId().equals(agentId))) {
            throw new IllegalArgumentException("the fact of " + fact.tsMicros() + "/" + fact.captureSeq() + " from "
                    + fact.agentId() + " is not the packet of " + tsMicros + "/" + captureSeq + " from " + agentId);
        }
    }

    /** A packet the correlation knows, with its time, order and agent taken from the fact. */
    public static TunnelPacket of(String tunnelKey, String site, String replayFile, PacketFact fact) {
        return new TunnelPacket(tunnelKey, fact.tsMicros(), fact.captureSeq(), fact.agentId(), site, replayFile,
                fact);
    }

    /** Flink's event time is in milliseconds; flooring keeps the order of negative times too. */
    public long eventTimeMillis() {
        return Math.floorDiv(tsMicros, 1000L);
    }

    public boolean isReplay() {
        return !replayFile.isEmpty();
    }
}
