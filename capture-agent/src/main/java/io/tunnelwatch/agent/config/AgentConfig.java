package io.tunnelwatch.agent.config;

import io.tunnelwatch.agent.publish.AggregationPolicy;
import java.time.Duration;
import java.util.Map;

/**
 * What every agent run (live capture or replay) publishes with, parsed and checked once.
 *
 * @param topic              summaries topic
 * @param agentId            carried in every record's {@code tw.agent} header
 * @param site               carried in every record's {@code tw.site} header
 * @param producerProperties complete Kafka producer properties (bootstrap servers included)
 * @param ports              which ports are VPN ports
 * @param aggregation        data-plane volume reduction
 * @param heartbeatInterval  capture-clock interval between heartbeats on every partition
 * @param queueCapacity      summaries the agent queues itself while Kafka is slow or away (live capture)
 * @param metricsPort        port of the /metrics and /health endpoint; -1 when off, 0 for any free port
 * @param logInterval        period of the one-line status log
 * @param startupTimeout     how long the start-up check waits for the cluster
 * @param shutdownTimeout    how long a stop waits for Kafka to take what is buffered
 */
public record AgentConfig(String topic, String agentId, String site, Map<String, String> producerProperties,
                          VpnPorts ports, AggregationPolicy aggregation, Duration heartbeatInterval,
                          int queueCapacity, int metricsPort, Duration logInterval,
                          Duration startupTimeout, Duration shutdownTimeout) {
    public static final String LIVE_TOPIC = "tunnelwatch.summaries";
    public static final String REPLAY_TOPIC = "tunnelwatch.summaries.replay";

    public AgentConfig {
        producerProperties = Map.copyOf(producerProperties);
    }

    public String bootstrapServers() {
        return producerProperties.get("bootstrap.servers");
    }
}
