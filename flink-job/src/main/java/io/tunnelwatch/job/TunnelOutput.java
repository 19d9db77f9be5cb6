package io.tunnelwatch.job;

/**
 * One JSON object the correlation emits for a tunnel, ready for its topic.
 *
 * @param kind            alert or tunnel event: picks the topic
 * @param tunnelId        the Kafka record key
 * @param eventTimeMicros the event time of the verdict; becomes the Kafka record timestamp
 * @param json            the record value, one JSON object (written as UTF-8)
 */
public record TunnelOutput(OutputKind kind, String tunnelId, long eventTimeMicros, String json) {}
