package io.tunnelwatch.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads whole topics, committed records only, in partition order. */
final class TopicReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;

    TopicReader(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Whole topics on a local broker: fewer, larger fetches and polls than the defaults (1 MiB, 500 records).
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(properties);
    }

    /**
     * Every committed record value of these topics as UTF-8 strings, per topic. The topics are read
     * together, in one pass: reading them one after the other cost a round of metadata, seeks and
     * polls each.
     */
    Map<String, List<String>> readAll(String... topics) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String topic : topics) {
            values.put(topic, new ArrayList<>());
        }
        read(List.of(topics), record -> values.get(record.topic()).add(new String(record.value(), StandardCharsets.UTF_8)));
        return values;
    }

    /** Hands every committed record value of the topic to {@code sink}, partition by partition, without keeping them. */
    void readEach(String topic, java.util.function.Consumer<byte[]> sink) {
        read(List.of(topic), record -> sink.accept(record.value()));
    }

    private void read(List<String> topics, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())))
                .collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (!reachedEnd(partitions, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " did not reach their end offsets " + end + " within " + GIVE_UP_AFTER);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                sink.accept(record);
            }
        }
    }

    private boolean reachedEnd(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
