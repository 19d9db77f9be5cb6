package io.tunnelwatch.agent.cli;

import io.tunnelwatch.agent.config.AgentFlags;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code agent capture} and {@code agent replay}. No defaults here: an option not
 * given stays null so the environment and the configuration file can set it (docs/agent.md).
 */
final class AgentOptions {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,HOST:PORT...]", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Summaries topic.")
    String topic;

    @Option(names = {"--producer-config", "--config"}, paramLabel = "FILE",
            description = "Properties file: any Kafka producer property, plus tunnelwatch.* agent settings.")
    String configFile;

    @Option(names = "--agent-id", paramLabel = "ID", description = "Agent id in every record (default: host name).")
    String agentId;

    @Option(names = "--site", paramLabel = "SITE", description = "Site label in every record (default: default).")
    String site;

    @Option(names = "--tls-ports", paramLabel = "PORT,...", description = "TCP ports of the VPN's TLS step (default: 443,60443).")
    String tlsPorts;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics and /health here (-1: off, 0: any free port).")
    String metricsPort;

    @Option(names = "--heartbeat-interval-ms", paramLabel = "MS", description = "Heartbeat interval (default: 1000).")
    String heartbeatIntervalMillis;

    @Option(names = "--aggregation-interval-ms", paramLabel = "MS",
            description = "At most one data-plane aggregate per flow per interval (default: 1000).")
    String aggregationIntervalMillis;

    @Option(names = "--max-flows", paramLabel = "N", description = "Data-plane flows aggregated at once (default: 65536).")
    String maxFlows;

    @Option(names = "--queue-capacity", paramLabel = "N",
            description = "Summaries queued while Kafka is slow or away, then dropped and counted (default: 100000).")
    String queueCapacity;

    @Option(names = "--startup-timeout-ms", paramLabel = "MS",
            description = "How long the start-up check waits for Kafka (default: 10000).")
    String startupTimeoutMillis;

    AgentFlags flags() {
        return new AgentFlags(bootstrap, topic, configFile, agentId, site, tlsPorts, metricsPort,
                heartbeatIntervalMillis, aggregationIntervalMillis, maxFlows, queueCapacity, startupTimeoutMillis);
    }
}
