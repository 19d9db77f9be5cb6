package io.tunnelwatch.job;

import static io.tunnelwatch.job.TestPackets.T0;
import static io.tunnelwatch.job.TestPackets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.summary.RecordHeaders;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.Heartbeat;
import io.tunnelwatch.summary.v1.PacketSummary;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same job graph with injected sources and sinks (no Kafka), on a MiniCluster at parallelism 2,
 * with RocksDB state and Kryo forbidden: what the graph does, independent of the connectors.
 */
class CorrelationJobCollectionsTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CLIENT_A = {10, 0, 0, 5};
    private static final byte[] CLIENT_B = {10, 0, 0, 6};
    private static final byte[] GATEWAY = {(byte) 192, 0, 2, 1};

    static final Queue<TunnelOutput> OUTPUTS = new ConcurrentLinkedQueue<>();
    static final Queue<DeadLetter> DEAD_LETTERS = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void clearSinks() {
        OUTPUTS.clear();
        DEAD_LETTERS.clear();
    }

    @Test
    void shouldJudgeEveryTunnelMarkCaptureLossAndRouteGarbageAsideWithRocksDbState() throws Exception {
        List<Record> records = List.of(
                // Tunnel A (agent-1): MM1 unanswered; agent-1 loses 4 packets during the attempt.
                heartbeat("agent-1", T0 - seconds(1), 0),
                packet("agent-1", TestPackets.mainModeStart(T0, 1, CLIENT_A, GATEWAY)),
                heartbeat("agent-1", T0 + seconds(10), 4),
                // Tunnel B (agent-2): MM1 unanswered; agent-2 loses 9 packets, but after the verdict.
                heartbeat("agent-2", T0, 0),
                packet("agent-2", TestPackets.mainModeStart(T0 + seconds(1), 1, CLIENT_B, GATEWAY)),
                new Record("agent-2", new byte[] {0x0a, (byte) 0xff}),
                heartbeat("agent-2", T0 + seconds(40), 9),
                heartbeat("agent-1", T0 + seconds(40), 4));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration strict = new Configuration();
        strict.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(strict);
        JobConfig config = CorrelationJobCommand.parse(List.of("--state-backend", "rocksdb"), Map.of());
        CorrelationJob.build(env, new JobIo(source(records), new CollectingSink<>(OUTPUTS),
                new CollectingSink<>(DEAD_LETTERS)), config);
        env.execute("correlation on collections");

        assertThat(OUTPUTS).hasSize(2);
        JsonNode a = alert("10.0.0.5->192.0.2.1");
        assertThat(a.path("vpn").path("reason").asText()).isEqualTo("IKE_NO_RESPONSE");
        assertThat(a.path("@timestamp").asText()).isEqualTo("2026-01-01T00:00:30Z");
        assertThat(a.path("vpn").path("inconclusive").asBoolean()).isTrue();
        assertThat(a.path("vpn").path("dropped_packets").asLong()).isEqualTo(4);
        assertThat(a.path("observer").path("name").asText()).isEqualTo("agent-1");
        JsonNode b = alert("10.0.0.6->192.0.2.1");
        assertThat(b.path("@timestamp").asText()).isEqualTo("2026-01-01T00:00:31Z");
        assertThat(b.path("vpn").path("inconclusive").asBoolean()).isFalse();
        assertThat(b.path("observer").path("name").asText()).isEqualTo("agent-2");
        assertThat(DEAD_LETTERS).singleElement().satisfies(letter -> {
            assertThat(letter.offset()).isEqualTo(5);
            assertThat(letter.reason()).contains("AgentRecord");
        });
    }

    /** One Kafka record value and the agent header it came with. */
    private record Record(String agent, byte[] value) implements java.io.Serializable {}

    private static Record packet(String agent, PacketSummary summary) {
        return new Record(agent, AgentRecord.newBuilder().setPacket(summary).build().toByteArray());
    }

    private static Record heartbeat(String agent, long clockMicros, long kernelDrops) {
        return new Record(agent, AgentRecord.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setCaptureClockMicros(clockMicros).setKernelDrops(kernelDrops).setIntervalMillis(1000))
                .build().toByteArray());
    }

    /** The values as if read from Kafka (offset = index, one partition), through the job's own decoding. */
    private static DataGeneratorSource<SummaryElement> source(List<Record> records) {
        ArrayList<Record> copy = new ArrayList<>(records);
        GeneratorFunction<Long, SummaryElement> read = index -> {
            Record value = copy.get(index.intValue());
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("summaries", 0, index, null, value.value());
            record.headers().add(RecordHeaders.AGENT_ID, value.agent().getBytes(StandardCharsets.UTF_8));
            record.headers().add(RecordHeaders.SITE, "branch-1".getBytes(StandardCharsets.UTF_8));
            return SummaryDeserializer.decode(record);
        };
        return new DataGeneratorSource<>(read, copy.size(), TypeInformation.of(SummaryElement.class));
    }

    private static JsonNode alert(String tunnelId) throws Exception {
        TunnelOutput output = OUTPUTS.stream().filter(o -> o.tunnelId().equals(tunnelId)).findFirst().orElseThrow();
        assertThat(output.kind()).isEqualTo(OutputKind.ALERT);
        return JSON.readTree(output.json());
    }

    /**
     * Adds every element to one of the static queues: the MiniCluster runs in this JVM, but Flink
     * ships the sink as a serialized copy, so it names its queue instead of holding it.
     */
    private static final class CollectingSink<T> implements Sink<T> {
        private final boolean deadLetters;

        CollectingSink(Queue<T> target) {
            this.deadLetters = target == DEAD_LETTERS;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                @SuppressWarnings("unchecked")
                public void write(T element, Context context) {
                    ((Queue<T>) (deadLetters ? DEAD_LETTERS : OUTPUTS)).add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
