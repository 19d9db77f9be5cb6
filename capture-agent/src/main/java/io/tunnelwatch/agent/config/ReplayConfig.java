package io.tunnelwatch.agent.config;

import java.nio.file.Path;
import java.util.List;

/** A replay of capture files, merged in timestamp order. */
public record ReplayConfig(AgentConfig agent, List<Path> files, ReplaySpeed speed) {
    public ReplayConfig {
        files = List.copyOf(files);
    }
}
