package io.tunnelwatch.agent.cli;

import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.agent.config.ConfigException;
import java.util.HashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/** Builds the real Kafka producer from a checked configuration; a client that cannot be built is a one-line error. */
final class KafkaClients {
    private KafkaClients() {}

    static Producer<byte[], byte[]> producer(AgentConfig config) {
        try {
            return new KafkaProducer<>(new HashMap<String, Object>(config.producerProperties()));
        } catch (KafkaException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new ConfigException("cannot create the Kafka producer: " + cause.getMessage());
        }
    }
}
