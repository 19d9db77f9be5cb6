package io.tunnelwatch.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The job's alerts and tunnel events as the verdict table, read from Kafka (committed records only,
 * no consumer group: reading leaves no trace on the cluster). Once: everything up to the end offsets
 * found at start. Following: then every new record updates its tunnel's row, printed as it comes.
 */
final class AlertFeed implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(250);

    private final AlertsOptions options;
    private final PrintStream out;
    private final PrintStream progress;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> alerts = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private volatile boolean stopping;

    AlertFeed(AlertsOptions options, PrintStream out, PrintStream progress) {
        this.options = options;
        this.out = out;
        this.progress = progress;
        this.consumer = new KafkaConsumer<>(consumerProperties(options));
    }

    /** Prints the table; following, keeps printing until {@link #stop()}. */
    void run() throws InterruptedException {
        List<TopicPartition> partitions = partitions();
        consumer.assign(partitions);
        if (options.showsExistingRecords()) {
            consumer.seekToBeginning(partitions);
            catchUp(partitions);
            VerdictTable.print(Verdicts.rows(alerts, events), out);
        } else {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fixes "now" before the first poll
        }
        out.flush();
        if (options.follow()) {
            progress.println("tunnelwatch: following " + options.alertsTopic() + " and " + options.eventsTopic()
                    + " at " + options.bootstrap() + "; Ctrl-C stops");
            follow();
        }
    }

    /** Ends {@link #run()} from another thread (Ctrl-C, a test). */
    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    private void catchUp(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, options.timeout());
        long deadline = System.nanoTime() + Math.max(options.timeout().toNanos(), Duration.ofSeconds(30).toNanos());
        while (!reached(partitions, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + options.alertsTopic() + " to its end offsets " + end);
            }
            take(consumer.poll(POLL));
        }
    }

    private void follow() {
        VerdictTable.printHeader(out);
        try {
            while (!stopping) {
                Set<String> touched = take(consumer.poll(POLL));
                for (Verdicts.Row row : Verdicts.rows(alerts, events)) {
                    if (touched.contains(row.client() + "->" + row.gateway())) {
                        VerdictTable.printRow(row, out);
                    }
                }
                out.flush();
            }
        } catch (WakeupException e) {
            // stop() woke the poll: the normal end of following.
        }
    }

    /** Keeps the records' documents; returns the tunnel ids they touch. */
    private Set<String> take(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> touched = new LinkedHashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String document = new String(record.value(), StandardCharsets.UTF_8);
            (record.topic().equals(options.alertsTopic()) ? alerts : events).add(document);
            if (record.key() != null) {
                touched.add(new String(record.key(), StandardCharsets.UTF_8));
            }
        }
        return touched;
    }

    private boolean reached(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    /** Both topics' partitions, asked of the broker within the timeout, so an unreachable one is one clear line. */
    private List<TopicPartition> partitions() throws InterruptedException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
        try (Admin admin = Admin.create(properties)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(options.alertsTopic(), options.eventsTopic()))
                    .allTopicNames().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            topics.values().forEach(topic -> topic.partitions()
                    .forEach(partition -> partitions.add(new TopicPartition(topic.name(), partition.partition()))));
            return partitions;
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + options.bootstrap() + " within "
                    + options.timeout().toSeconds() + " s (is the broker up and the address right?)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("Kafka at " + options.bootstrap() + " has no topic " + options.alertsTopic()
                        + " or " + options.eventsTopic() + " (see --topic, --events-topic)");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException("no answer from Kafka at " + options.bootstrap() + " within "
                        + options.timeout().toSeconds() + " s (is the broker up and the address right?)");
            }
            throw new IllegalStateException("Kafka at " + options.bootstrap() + ": " + e.getCause().getMessage());
        } catch (KafkaException e) {
            throw new IllegalArgumentException("--bootstrap " + options.bootstrap() + ": " + e.getMessage());
        }
    }

    private static Properties consumerProperties(AlertsOptions options) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return properties;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
