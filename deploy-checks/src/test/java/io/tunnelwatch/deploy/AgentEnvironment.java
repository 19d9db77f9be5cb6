package io.tunnelwatch.deploy;

import java.util.List;
import java.util.Map;

import io.tunnelwatch.agent.config.AgentConfigLoader;
import io.tunnelwatch.agent.config.AgentFlags;
import io.tunnelwatch.agent.config.CaptureFlags;
import io.tunnelwatch.agent.config.CaptureConfig;
import io.tunnelwatch.agent.config.ConfigException;

/** Whether the agent's configuration loader reads an environment variable: the code decides, not a list. */
final class AgentEnvironment {

    private static final AgentFlags NO_FLAGS =
            new AgentFlags("probe-kafka:9092", null, null, null, null, null, null, null, null, null, null, null);
    private static final CaptureFlags ONE_INTERFACE = new CaptureFlags(List.of("probe0"), null, null, null, null, null);

    private AgentEnvironment() {
    }

    /**
     * True when setting {@code name} to {@code value} changes the capture configuration, or is refused
     * with a message naming the variable (a numeric setting given a word).
     */
    static boolean isRead(String name, String value) {
        CaptureConfig without = new AgentConfigLoader(Map.of()).capture(NO_FLAGS, ONE_INTERFACE);
        try {
            CaptureConfig with = new AgentConfigLoader(Map.of(name, value)).capture(NO_FLAGS, ONE_INTERFACE);
            return !with.equals(without);
        } catch (ConfigException e) {
            return e.getMessage().contains(name);
        }
    }
}
