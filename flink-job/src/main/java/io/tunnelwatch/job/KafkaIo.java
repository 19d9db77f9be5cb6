package io.tunnelwatch.job;

import java.util.Properties;

import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The job's Kafka source and sinks, built from the configuration. */
public final class KafkaIo {
    private KafkaIo() {}

    public static JobIo of(JobConfig config) {
        return new JobIo(summariesSource(config),
                sink(config, new TunnelOutputSerializer(config.alertsTopic(), config.tunnelEventsTopic()), "outputs"),
                sink(config, new DeadLetterSerializer(config.deadLetterTopic()), "dead-letters"));
    }

    static KafkaSource<SummaryElement> summariesSource(JobConfig config) {
        Properties consumer = clientProperties(config);
        // Exactly-once output must not read the uncommitted records of a transactional agent.
        consumer.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaSourceBuilder<SummaryElement> builder = KafkaSource.<SummaryElement>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.summariesTopic())
                .setGroupId(config.groupId())
                .setDeserializer(new SummaryDeserializer())
                .setStartingOffsets(startingOffsets(config.startFrom()))
                .setProperties(consumer);
        if (config.bounded()) {
            // The end offsets are taken when the job starts: records written later are not read.
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Each sink needs its own transactional id prefix: two sinks sharing one would fence each
     * other's producers.
     */
    private static <T> KafkaSink<T> sink(JobConfig config, KafkaRecordSerializationSchema<T> serializer, String name) {
        Properties producer = clientProperties(config);
        producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                Long.toString(config.transactionTimeout().toMillis()));
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(config.deliveryGuarantee())
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                .build();
    }

    private static OffsetsInitializer startingOffsets(JobConfig.StartFrom startFrom) {
        return switch (startFrom) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    private static Properties clientProperties(JobConfig config) {
        Properties properties = new Properties();
        properties.putAll(config.kafkaProperties());
        return properties;
    }
}
