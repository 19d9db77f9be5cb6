package io.tunnelwatch.correlation;

/** First and last packet of one stage of an attempt, event time. */
public record StageWindow(long firstMicros, long lastMicros) {
}
