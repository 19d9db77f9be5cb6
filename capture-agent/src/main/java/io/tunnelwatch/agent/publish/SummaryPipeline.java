package io.tunnelwatch.agent.publish;

import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.PacketDecoder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Header;

/**
 * One capture stream from frame to Kafka: decode, drop what is not VPN traffic, publish handshake
 * packets at once, count data-plane packets into aggregates, keyed by tunnel.
 *
 * <p>Not thread-safe: one capture (or replay) thread feeds it; a timer thread that advances its clock
 * must hold the same lock (the live capture synchronises on the pipeline).
 */
public final class SummaryPipeline {
    private final PacketDecoder decoder;
    private final DecodedPacket packet = new DecodedPacket();
    private final SummaryMapper mapper;
    private final SummaryEncoder encoder = new SummaryEncoder();
    private final FlowAggregator<FlowKey> aggregator;
    private final SummaryPublisher publisher;
    private final PipelineCounters counters;
    private final AtomicLong captureSeq;
    /** Record headers per source (replayed file or interface), by the source index given with each frame. */
    private final List<Iterable<Header>> headersBySource;

    public SummaryPipeline(PacketDecoder decoder, SummaryMapper mapper, AggregationPolicy aggregation,
                           SummaryPublisher publisher, PipelineCounters counters, AtomicLong captureSeq,
                           List<? extends Iterable<Header>> headersBySource) {
        this.decoder = decoder;
        this.mapper = mapper;
        this.aggregator = new FlowAggregator<>(aggregation, this::publishAggregate);
        this.publisher = publisher;
        this.counters = counters;
        this.captureSeq = captureSeq;
        this.headersBySource = List.copyOf(headersBySource);
    }

    /** Decodes and publishes (or aggregates) one captured frame from source {@code source}. */
    public void onFrame(PacketView frame, int source) {
        long seq = captureSeq.incrementAndGet();
        decoder.decode(frame, packet);
        counters.onDecoded(packet.kind(), packet.malformed() != null);
        switch (mapper.classify(packet)) {
            case IGNORE -> aggregator.advanceTo(packet.tsMicros());
            case PUBLISH -> {
                aggregator.advanceTo(packet.tsMicros());
                publishPacket(frame, seq, source);
            }
            case AGGREGATE -> {
                if (aggregator.admit(mapper.flowKey(packet, source), packet.tsMicros(), seq,
                        SummaryMapper.ipLength(packet, frame))) {
                    publishPacket(frame, seq, source);
                } else {
                    counters.onAggregated();
                }
            }
        }
    }

    /** Moves the capture clock (a timer tick on a live capture): closes aggregates whose interval ended. */
    public void advanceTo(long clockMicros) {
        aggregator.advanceTo(clockMicros);
    }

    /** Publishes every open aggregate: end of the files, or the capture stopping. */
    public void flush() {
        aggregator.flush();
    }

    /** A lower bound of the time of every packet still held in an aggregate ({@link Long#MAX_VALUE} when none). */
    public long earliestHeldBackMicros() {
        return aggregator.earliestHeldBackMicros();
    }

    public int trackedFlows() {
        return aggregator.trackedFlows();
    }

    public PacketDecoder decoder() {
        return decoder;
    }

    private void publishPacket(PacketView frame, long seq, int source) {
        // The encoder writes what mapper.summary(...) would encode to, without building the message.
        byte[] value = encoder.packet(packet, frame, seq);
        publish(mapper.tunnelKey(packet), value, packet.tsMicros(), source);
        counters.onPublishedIndividually();
    }

    private void publishAggregate(FlowKey flow, FlowAggregate aggregate) {
        publish(mapper.tunnelKey(flow), encoder.aggregate(flow, aggregate), aggregate.firstMicros(), flow.source());
        counters.onAggregatePublished();
    }

    private void publish(byte[] key, byte[] value, long tsMicros, int source) {
        publisher.publish(key, value, Math.floorDiv(tsMicros, 1_000), headersBySource.get(source));
    }
}
