package io.tunnelwatch.cli.bench;

import io.tunnelwatch.kafka.EmbeddedKafkaBroker;

/**
 * A local broker in its own process for the producer benchmark, so the replay and Kafka's
 * ProducerPerformance are both clients in their own JVMs. Prints the bootstrap address on stdout and
 * runs until its standard input closes.
 *
 * <p>Usage: {@code BrokerMain TOPIC PARTITIONS}
 */
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic(args[0], Integer.parseInt(args[1]));
            System.out.println("bootstrap " + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the caller to close stdin
            }
        }
    }
}
