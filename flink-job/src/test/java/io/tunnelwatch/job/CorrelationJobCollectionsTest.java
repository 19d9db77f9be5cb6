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
import io.tunnelwatch.summary.TunnelKey;
import io.tunnelwatch.summary.v1.AgentRecord;
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
    void shouldEmitOneEventPerTunnelAndRouteGarbageAsideWithRocksDbState() throws Exception {
        List<byte[]> values = List.of(
                packet(T0 + seconds(1.0), 2, GATEWAY, CLIENT_A),
                packet(T0 + seconds(0.5), 1, CLIENT_A, GATEWAY),
                packet(T0 + seconds(2.0), 3, CLIENT_B, GATEWAY),
                new byte[] {0x0a, (byte) 0xff},
                packet(T0 + seconds(1.5), 4, CLIENT_A, GATEWAY));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration strict = new Configuration();
        strict.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(strict);
        JobConfig config = CorrelationJobCommand.parse(List.of("--state-backend", "rocksdb"), Map.of());
        CorrelationJob.build(env, new JobIo(source(values), new CollectingSink<>(OUTPUTS),
                new CollectingSink<>(DEAD_LETTERS)), config);
        env.execute("correlation on collections");

        assertThat(OUTPUTS).hasSize(2);
        JsonNode a = event(TunnelKey.format(TunnelKey.of(CLIENT_A, GATEWAY)));
        assertThat(a.path("vpn").path("packets").asLong()).isEqualTo(3);
        assertThat(a.path("vpn").path("first_capture_seq").asText()).isEqualTo("1");
        assertThat(a.path("vpn").path("last_capture_seq").asText()).isEqualTo("4");
        JsonNode b = event(TunnelKey.format(TunnelKey.of(CLIENT_B, GATEWAY)));
        assertThat(b.path("vpn").path("packets").asLong()).isEqualTo(1);
        assertThat(DEAD_LETTERS).singleElement().satisfies(letter -> {
            assertThat(letter.offset()).isEqualTo(3);
            assertThat(letter.reason()).contains("AgentRecord");
        });
    }

    private static byte[] packet(long ts, long seq, byte[] src, byte[] dst) {
        return AgentRecord.newBuilder().setPacket(TestPackets.esp(ts, seq, src, dst)).build().toByteArray();
    }

    /** The values as if read from Kafka (offset = index), through the job's own decoding. */
    private static DataGeneratorSource<SummaryElement> source(List<byte[]> values) {
        ArrayList<byte[]> copy = new ArrayList<>(values);
        GeneratorFunction<Long, SummaryElement> read = index -> {
            ConsumerRecord<byte[], byte[]> record =
                    new ConsumerRecord<>("summaries", 0, index, null, copy.get(index.intValue()));
            record.headers().add(RecordHeaders.AGENT_ID, "agent-1".getBytes(StandardCharsets.UTF_8));
            return SummaryDeserializer.decode(record);
        };
        return new DataGeneratorSource<>(read, copy.size(), TypeInformation.of(SummaryElement.class));
    }

    private static JsonNode event(String tunnelId) throws Exception {
        TunnelOutput output = OUTPUTS.stream().filter(o -> o.tunnelId().equals(tunnelId)).findFirst().orElseThrow();
        assertThat(output.kind()).isEqualTo(OutputKind.TUNNEL_EVENT);
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
