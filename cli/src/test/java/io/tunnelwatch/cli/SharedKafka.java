package io.tunnelwatch.cli;

import io.tunnelwatch.kafka.EmbeddedKafkaBroker;

/**
 * One Kafka broker for all the module's test classes in a test JVM: starting one costs seconds on this
 * machine, and every run on it has its own topics. Stopped when the JVM exits.
 */
final class SharedKafka {
    private static EmbeddedKafkaBroker broker;

    private SharedKafka() {}

    static synchronized EmbeddedKafkaBroker broker() {
        if (broker == null) {
            broker = EmbeddedKafkaBroker.start();
            EmbeddedKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-stop"));
        }
        return broker;
    }
}
