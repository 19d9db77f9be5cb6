package io.tunnelwatch.agent.publish;

import java.time.Duration;

/**
 * How hard {@link FlowAggregator} reduces data-plane volume.
 *
 * @param interval at most one aggregate per flow and direction per interval
 * @param maxFlows flows tracked at once; beyond it the flow whose window closes first is flushed and forgotten
 */
public record AggregationPolicy(Duration interval, int maxFlows) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** A branch gateway rarely carries more than a few thousand tunnels; 64 Ki flows keep the map a few MiB. */
    public static final int DEFAULT_MAX_FLOWS = 65_536;

    public static final AggregationPolicy DEFAULT = new AggregationPolicy(DEFAULT_INTERVAL, DEFAULT_MAX_FLOWS);

    public AggregationPolicy {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("aggregation interval must be positive, was " + interval);
        }
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maximum number of aggregated flows must be at least 1, was " + maxFlows);
        }
    }

    long intervalMicros() {
        return Math.max(1, interval.toNanos() / 1_000);
    }
}
