package io.tunnelwatch.agent.metrics;

import io.tunnelwatch.agent.publish.PipelineCounters;
import io.tunnelwatch.agent.publish.PublisherStats;
import java.util.List;
import java.util.Locale;

/** The periodic one-line status log: enough to see at a glance whether the agent loses anything. */
public final class StatusLine {
    private StatusLine() {}

    public static String format(PipelineCounters pipeline, PublisherStats publisher, List<CaptureLoss> losses) {
        long kernel = losses.stream().mapToLong(CaptureLoss::kernelDrops).sum();
        long iface = losses.stream().mapToLong(CaptureLoss::interfaceDrops).sum();
        double fill = publisher.queueCapacity() == 0 ? 0 : 100.0 * publisher.queued() / publisher.queueCapacity();
        return String.format(Locale.ROOT,
                "packets=%d malformed=%d kernel_drops=%d if_drops=%d summaries=%d published=%d "
                        + "publish_errors=%d agent_drops=%d queue=%d (%.1f%%)",
                pipeline.packets(), pipeline.malformed(), kernel, iface, pipeline.summaries(),
                publisher.acknowledged(), publisher.failed(), publisher.dropped(), publisher.queued(), fill);
    }
}
