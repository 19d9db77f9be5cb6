package io.tunnelwatch.agent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tunnelwatch.agent.decode.PacketKind;
import io.tunnelwatch.agent.publish.PipelineCounters;
import io.tunnelwatch.agent.publish.PublisherStats;
import io.tunnelwatch.agent.publish.SummaryPublisher;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The agent's metrics in a Prometheus registry. The hot path only bumps its own counters
 * ({@link PipelineCounters}, the publisher's); the meters here read them when scraped, so
 * measuring costs nothing per packet.
 */
public final class AgentMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /**
     * What the meters read. Micrometer holds a meter's source only weakly, and a source such as the
     * capture's {@code capture::losses} is referenced by nothing else: once collected, its counters
     * would stay at their last value (0) for good, hiding every kernel drop.
     */
    private final List<Object> sources = new java.util.concurrent.CopyOnWriteArrayList<>();

    public AgentMetrics(String agentId, String site) {
        registry.config().commonTags("agent", agentId, "site", site);
    }

    public void bindPipeline(PipelineCounters counters) {
        sources.add(counters);
        counter("tunnelwatch.packets.captured", "packets captured (live) or read (replay)", counters, PipelineCounters::packets);
        for (PacketKind kind : PacketKind.values()) {
            FunctionCounter.builder("tunnelwatch.packets.decoded", counters, c -> c.decoded(kind))
                    .description("packets by what the decoder found").tags("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        counter("tunnelwatch.packets.malformed", "packets read only in part", counters, PipelineCounters::malformed);
        counter("tunnelwatch.packets.aggregated", "data-plane packets counted into aggregates", counters,
                PipelineCounters::aggregatedPackets);
        counter("tunnelwatch.summaries.produced", "summaries produced (packets and aggregates)", counters,
                PipelineCounters::summaries);
    }

    public void bindPublisher(SummaryPublisher publisher) {
        sources.add(publisher);
        counter("tunnelwatch.records.published", "summaries Kafka acknowledged", publisher, p -> p.stats().acknowledged());
        counter("tunnelwatch.publish.errors", "summaries Kafka failed to take (callback errors)", publisher,
                p -> p.stats().failed());
        counter("tunnelwatch.agent.drops", "summaries the agent dropped (queue full while Kafka was away)", publisher,
                p -> p.stats().dropped());
        counter("tunnelwatch.heartbeats.published", "heartbeat records Kafka acknowledged", publisher,
                p -> p.stats().heartbeatsAcknowledged());
        counter("tunnelwatch.heartbeats.lost", "heartbeat records dropped or failed", publisher,
                p -> p.stats().heartbeatsLost());
        Gauge.builder("tunnelwatch.buffer.queued", publisher, p -> p.stats().queued())
                .description("summaries waiting in the agent's queue").register(registry);
        Gauge.builder("tunnelwatch.buffer.fill", publisher, AgentMetrics::fill)
                .description("fill ratio of the agent's queue (0..1)").register(registry);
    }

    /** Binds libpcap's counters of the interfaces, as last read by the capture. */
    public void bindCaptureLoss(List<String> interfaces, Supplier<List<CaptureLoss>> losses) {
        sources.add(losses);
        for (String iface : interfaces) {
            Tags tags = Tags.of("interface", iface);
            FunctionCounter.builder("tunnelwatch.capture.dropped", losses, l -> find(l.get(), iface).kernelDrops())
                    .description("packets dropped by the kernel or libpcap (pcap_stats ps_drop)")
                    .tags(tags.and("by", "kernel")).register(registry);
            FunctionCounter.builder("tunnelwatch.capture.dropped", losses, l -> find(l.get(), iface).interfaceDrops())
                    .description("packets dropped by the kernel or libpcap (pcap_stats ps_drop)")
                    .tags(tags.and("by", "interface")).register(registry);
            FunctionCounter.builder("tunnelwatch.capture.received", losses, l -> find(l.get(), iface).received())
                    .description("packets the capture filter accepted (pcap_stats ps_recv)").tags(tags).register(registry);
        }
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    private static double fill(SummaryPublisher publisher) {
        PublisherStats stats = publisher.stats();
        return stats.queueCapacity() == 0 ? 0 : (double) stats.queued() / stats.queueCapacity();
    }

    private static CaptureLoss find(List<CaptureLoss> losses, String iface) {
        for (CaptureLoss loss : losses) {
            if (loss.iface().equals(iface)) {
                return loss;
            }
        }
        return new CaptureLoss(iface, 0, 0, 0);
    }
}
