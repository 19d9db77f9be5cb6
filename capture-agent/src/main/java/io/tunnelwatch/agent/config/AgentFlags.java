package io.tunnelwatch.agent.config;

/**
 * The settings common to {@code agent capture} and {@code agent replay} exactly as typed on the command
 * line: null when a flag was not given, so the environment and the file can fill it in.
 */
public record AgentFlags(String bootstrap, String topic, String configFile, String agentId, String site,
                         String tlsPorts, String metricsPort, String heartbeatIntervalMillis,
                         String aggregationIntervalMillis, String maxFlows, String queueCapacity,
                         String startupTimeoutMillis) {}
