package io.tunnelwatch.cli.bench;

import io.tunnelwatch.agent.replay.ReplayResult;
import io.tunnelwatch.correlation.CorrelationConfig;
import io.tunnelwatch.job.PolicyStep;
import io.tunnelwatch.job.StateMachinePolicy;
import io.tunnelwatch.job.SummaryDeserializer;
import io.tunnelwatch.job.SummaryElement;
import io.tunnelwatch.job.TrackedTunnel;
import io.tunnelwatch.job.TrackedTunnelSerializer;
import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Keyed state per tracked tunnel on a realistic mix (issue 3, item 9): the capture is replayed into a
 * broker, read back through the job's deserializer, and every packet is given to the job's
 * {@link StateMachinePolicy} keyed as the job keys it. Deadlines are not fired, so every key ever seen
 * is still held at the end: the largest set the job could hold for this capture.
 *
 * <p>Per key it reports the value the heap backend holds ({@link TrackedTunnel}: deep size estimated by
 * reflection for a 64-bit JVM with compressed oops, shared strings and enums not counted), the key
 * string, and the value's serialized size (what RocksDB stores). Not a test: see docs/benchmarks.md.
 */
public final class StateFootprintBench {
    private StateFootprintBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Bench.files(args).get(0);
        StateMachinePolicy policy = new StateMachinePolicy(CorrelationConfig.defaults());
        Map<String, TrackedTunnel> states = new HashMap<>();
        long packets = 0;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopic("bench.summaries", 1);
            ReplayResult replay = JobThroughputBench.replay(file, broker.bootstrapServers());
            System.out.printf("replayed %,d packets as %,d summaries%n", replay.packetsRead(), replay.summaries());
            SummaryDeserializer deserializer = new SummaryDeserializer();
            List<SummaryElement> out = new ArrayList<>();
            Collector<SummaryElement> collector = new Collector<>() {
                @Override
                public void collect(SummaryElement record) {
                    out.add(record);
                }

                @Override
                public void close() {}
            };
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker.bootstrapServers())) {
                consumer.subscribe(List.of("bench.summaries"));
                int emptyPolls = 0;
                while (emptyPolls < 5) {
                    var records = consumer.poll(Duration.ofSeconds(1));
                    emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        out.clear();
                        deserializer.deserialize(record, collector);
                        for (SummaryElement element : out) {
                            if (element.packet() == null) {
                                continue;
                            }
                            packets++;
                            String key = element.packet().tunnelKey();
                            PolicyStep<TrackedTunnel> step = policy.onPacket(states.get(key), element.packet());
                            if (step.nextState() == null) {
                                states.remove(key);
                            } else {
                                states.put(key, step.nextState());
                            }
                        }
                    }
                }
            }
        }
        report(packets, states);
    }

    private static void report(long packets, Map<String, TrackedTunnel> states) throws Exception {
        Map<String, long[]> byPhase = new TreeMap<>(); // keys, value bytes, max value, key bytes, serialized
        DataOutputSerializer serialized = new DataOutputSerializer(256);
        for (Map.Entry<String, TrackedTunnel> entry : states.entrySet()) {
            String phase = entry.getValue().tunnel().phase().toString();
            long value = deepSize(entry.getValue());
            serialized.clear();
            TrackedTunnelSerializer.INSTANCE.serialize(entry.getValue(), serialized);
            for (String group : List.of(phase, "ALL")) {
                long[] sums = byPhase.computeIfAbsent(group, g -> new long[5]);
                sums[0]++;
                sums[1] += value;
                sums[2] = Math.max(sums[2], value);
                sums[3] += stringSize(entry.getKey());
                sums[4] += serialized.length();
            }
        }
        System.out.printf("%,d packet summaries, %,d keys held at the end%n%n", packets, states.size());
        System.out.println("| phase | keys | value bytes (mean) | value bytes (max) | key string bytes (mean) | serialized bytes (mean) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        byPhase.forEach((phase, s) -> System.out.printf("| %s | %,d | %.0f | %d | %.0f | %.0f |%n",
                phase, s[0], (double) s[1] / s[0], s[2], (double) s[3] / s[0], (double) s[4] / s[0]));
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-footprint");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A Latin-1 string: the String object (24) and its byte array (16 + length), aligned. */
    private static long stringSize(String s) {
        return 24 + align(16 + s.length());
    }

    private static long deepSize(Object root) throws IllegalAccessException {
        return deepSize(root, new IdentityHashMap<>());
    }

    private static long deepSize(Object object, Map<Object, Boolean> seen) throws IllegalAccessException {
        if (object == null || object instanceof Enum<?> || object instanceof String || seen.put(object, true) != null) {
            return 0;
        }
        Class<?> type = object.getClass();
        if (type.isArray()) {
            int length = Array.getLength(object);
            Class<?> element = type.getComponentType();
            long size = align(16 + (long) length * width(element));
            if (!element.isPrimitive()) {
                for (int i = 0; i < length; i++) {
                    size += deepSize(Array.get(object, i), seen);
                }
            }
            return size;
        }
        long shallow = 12;
        long deep = 0;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                shallow += width(field.getType());
                if (!field.getType().isPrimitive()) {
                    field.setAccessible(true);
                    deep += deepSize(field.get(object), seen);
                }
            }
        }
        return align(shallow) + deep;
    }

    private static int width(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        if (type == byte.class || type == boolean.class) {
            return 1;
        }
        return 4;
    }

    private static long align(long size) {
        return (size + 7) / 8 * 8;
    }
}
