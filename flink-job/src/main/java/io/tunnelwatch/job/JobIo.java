package io.tunnelwatch.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/**
 * Where the job reads and writes. {@link KafkaIo#of(JobConfig)} gives the Kafka ones; tests give
 * their own.
 *
 * @param summaries   the agents' records, already decoded (see {@link SummaryDeserializer})
 * @param outputs     alerts and tunnel events (one sink, so one Kafka transaction covers both topics)
 * @param deadLetters records that could not be read
 */
public record JobIo(Source<SummaryElement, ?, ?> summaries, Sink<TunnelOutput> outputs, Sink<DeadLetter> deadLetters) {}
