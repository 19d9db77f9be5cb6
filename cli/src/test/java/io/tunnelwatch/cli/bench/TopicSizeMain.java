package io.tunnelwatch.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The average uncompressed record size (key + value) on a topic: the record size ProducerPerformance is
 * given. Headers are left out (ProducerPerformance sends none; the replay's are a few dozen bytes).
 *
 * <p>Usage: {@code TopicSizeMain BOOTSTRAP TOPIC}; prints the mean size in bytes (of the first 500,000 records).
 */
public final class TopicSizeMain {
    private TopicSizeMain() {}

    public static void main(String[] args) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-size-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long records = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(args[1]));
            int empty = 0;
            // Joining the group takes a few empty polls on a loaded machine: wait up to 60 s for the first record.
            while ((records == 0 ? empty < 60 : empty < 3) && records < 500_000) {
                var batch = consumer.poll(Duration.ofSeconds(1));
                empty = batch.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    records++;
                    bytes += record.serializedKeySize() + record.serializedValueSize();
                }
            }
        }
        if (records == 0) {
            System.err.println("no record on " + args[1]);
            System.exit(1);
        }
        System.out.println(Math.round((double) bytes / records));
    }
}
