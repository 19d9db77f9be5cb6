package io.tunnelwatch.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.agent.config.ProducerSettings;
import io.tunnelwatch.agent.publish.SummaryPublisher.WhenFull;
import io.tunnelwatch.agent.testing.TopicReader;
import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import io.tunnelwatch.summary.RecordHeaders;
import io.tunnelwatch.summary.SummaryCodec;
import io.tunnelwatch.summary.v1.AgentRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher against a real broker, including one that goes away and comes back. */
class SummaryPublisherTest {
    private static final List<Header> HEADERS = List.of(
            new RecordHeader(RecordHeaders.AGENT_ID, "branch-7".getBytes(StandardCharsets.UTF_8)));
    private static final long T0_MILLIS = 1_700_000_000_000L;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void closeBroker() {
        broker.close();
    }

    @Test
    void shouldPublishHeartbeatsOnEveryPartitionWithTheCaptureClock() {
        broker.createTopic("heartbeats", 4);
        SummaryPublisher publisher = new SummaryPublisher(producer(Map.of()), "heartbeats", WhenFull.DROP, 100);
        publisher.start();
        HeartbeatEmitter heartbeats = new HeartbeatEmitter(publisher, Duration.ofSeconds(1), HEADERS,
                () -> new HeartbeatEmitter.LossCounters(1000, 3, 1, 2));

        long clock = T0_MILLIS * 1_000 + 250_000;
        assertThat(heartbeats.onClock(clock)).isTrue();
        assertThat(heartbeats.onClock(clock + 500_000)).as("same interval").isFalse();
        publisher.close(Duration.ofSeconds(30));

        List<ConsumerRecord<byte[], byte[]>> records =
                TopicReader.readAtLeast(broker.bootstrapServers(), "heartbeats", 4, Duration.ofSeconds(30));
        assertThat(records).hasSize(4);
        assertThat(records).extracting(ConsumerRecord::partition).containsExactlyInAnyOrder(0, 1, 2, 3);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(record.key()).isEmpty();
            assertThat(record.timestamp()).isEqualTo(T0_MILLIS + 250);
            assertThat(new String(record.headers().lastHeader(RecordHeaders.AGENT_ID).value(), StandardCharsets.UTF_8))
                    .isEqualTo("branch-7");
            AgentRecord value = ((SummaryCodec.Ok) SummaryCodec.decode(record.value())).record();
            assertThat(value.getHeartbeat().getCaptureClockMicros()).isEqualTo(clock);
            assertThat(value.getHeartbeat().getPacketsCaptured()).isEqualTo(1000);
            assertThat(value.getHeartbeat().getKernelDrops()).isEqualTo(3);
            assertThat(value.getHeartbeat().getInterfaceDrops()).isEqualTo(1);
            assertThat(value.getHeartbeat().getAgentDrops()).isEqualTo(2);
            assertThat(value.getHeartbeat().getIntervalMillis()).isEqualTo(1000);
        }
    }

    @Test
    void shouldLoseNothingWhenTheBrokerIsAwayForLessThanTheBufferHolds() {
        broker.createTopic("outage-within-bound", 3);
        SummaryPublisher publisher = new SummaryPublisher(producer(Map.of()), "outage-within-bound", WhenFull.DROP, 5_000);
        publisher.start();
        publishNumbered(publisher, 0, 200);
        awaitAcknowledged(publisher, 200);

        broker.stop();
        publishNumbered(publisher, 200, 1_000);
        PublisherStats duringOutage = publisher.stats();
        broker.restart();
        publisher.close(Duration.ofSeconds(60));

        assertThat(duringOutage.acknowledged()).as("nothing confirmed while the broker is away").isLessThanOrEqualTo(200);
        PublisherStats stats = publisher.stats();
        assertThat(stats.dropped()).isZero();
        assertThat(stats.failed()).isZero();
        assertThat(stats.acknowledged()).isEqualTo(1_000);
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(
                broker.bootstrapServers(), "outage-within-bound", 1_000, Duration.ofSeconds(30));
        assertThat(numbers(records)).hasSize(1_000).isEqualTo(range(0, 1_000));
    }

    @Test
    void shouldCountEverySummaryDroppedBeyondTheBufferAndDeliverTheRest() {
        broker.createTopic("outage-beyond-bound", 3);
        // A tiny producer buffer and queue, so an outage overflows them quickly.
        SummaryPublisher publisher = new SummaryPublisher(producer(Map.of(
                ProducerConfig.BUFFER_MEMORY_CONFIG, "65536",
                ProducerConfig.BATCH_SIZE_CONFIG, "16384")), "outage-beyond-bound", WhenFull.DROP, 500);
        publisher.start();

        broker.stop();
        int total = 20_000;
        publishNumbered(publisher, 0, total);
        broker.restart();
        publisher.close(Duration.ofSeconds(60));

        PublisherStats stats = publisher.stats();
        assertThat(stats.offered()).isEqualTo(total);
        assertThat(stats.dropped()).as("the outage overflowed queue and buffer").isPositive();
        assertThat(stats.acknowledged() + stats.failed() + stats.dropped()).isEqualTo(total);
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(
                broker.bootstrapServers(), "outage-beyond-bound", (int) stats.acknowledged(), Duration.ofSeconds(30));
        Set<Long> delivered = numbers(records);
        assertThat(delivered).as("no duplicates").hasSize(records.size());
        assertThat((long) delivered.size()).isEqualTo(stats.acknowledged());
    }

    private static void publishNumbered(SummaryPublisher publisher, int from, int to) {
        for (int i = from; i < to; i++) {
            byte[] key = ByteBuffer.allocate(8).putInt(0x0a000001).putInt(0xc0000200 + i % 7).array();
            byte[] value = ByteBuffer.allocate(100).putLong(i).array();
            publisher.publish(key, value, T0_MILLIS + i, HEADERS);
        }
    }

    private static void awaitAcknowledged(SummaryPublisher publisher, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (publisher.stats().acknowledged() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(publisher.stats().acknowledged()).isEqualTo(count);
    }

    private static Set<Long> numbers(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<Long> numbers = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            long number = ByteBuffer.wrap(record.value()).getLong();
            assertThat(record.timestamp()).isEqualTo(T0_MILLIS + number);
            numbers.add(number);
        }
        return numbers;
    }

    private static Set<Long> range(long from, long to) {
        Set<Long> numbers = new HashSet<>();
        for (long i = from; i < to; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, String> overrides) {
        Map<String, String> fromFile = new HashMap<>(overrides);
        // Reconnect quickly after the restart so the test does not wait for the production backoff.
        fromFile.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        Map<String, String> properties = ProducerSettings.build(fromFile, broker.bootstrapServers(), "publisher-test");
        return new KafkaProducer<>(new HashMap<String, Object>(properties));
    }
}
