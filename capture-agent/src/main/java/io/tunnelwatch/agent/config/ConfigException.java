package io.tunnelwatch.agent.config;

/**
 * A configuration the agent cannot run with. Its message is the whole story, one line for a person
 * (what is wrong and where it came from); the command prints it and exits non-zero, no stack trace.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
