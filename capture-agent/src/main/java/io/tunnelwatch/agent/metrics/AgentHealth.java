package io.tunnelwatch.agent.metrics;

/**
 * What {@code /health} answers: UP and DEGRADED are served with 200 (the agent works, maybe with
 * loss), DOWN with 503 (a capture thread died: restart the agent).
 */
public record AgentHealth(Status status, String detail) {
    public enum Status { UP, DEGRADED, DOWN }

    public int httpStatus() {
        return status == Status.DOWN ? 503 : 200;
    }
}
