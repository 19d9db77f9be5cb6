package io.tunnelwatch.cli.bench;

import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.agent.config.ProducerSettings;
import io.tunnelwatch.agent.config.ReplayConfig;
import io.tunnelwatch.agent.config.ReplaySpeed;
import io.tunnelwatch.agent.config.VpnPorts;
import io.tunnelwatch.agent.publish.AggregationPolicy;
import io.tunnelwatch.agent.replay.ReplayResult;
import io.tunnelwatch.agent.replay.ReplayRunner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The agent's replay at maximum speed into a broker, as {@code agent replay --speed max} runs it, with the
 * agent's producer defaults (idempotent, acks=all, lz4, linger 20 ms, 128 KiB batches) unless overridden.
 * Prints records/s over the replay's own duration (opening and hashing the file included, JVM start not).
 *
 * <p>Usage: {@code ReplayMain BOOTSTRAP TOPIC FILE [producer.property=value ...]}
 */
public final class ReplayMain {
    private ReplayMain() {}

    public static void main(String[] args) {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] pair = args[i].split("=", 2);
            overrides.put(pair[0], pair[1]);
        }
        AgentConfig agent = new AgentConfig(args[1], "bench", "bench",
                ProducerSettings.build(overrides, args[0], "tunnelwatch-bench-replay"),
                VpnPorts.DEFAULT, AggregationPolicy.DEFAULT, Duration.ofSeconds(1),
                100_000, -1, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60));
        ReplayConfig config = new ReplayConfig(agent, List.of(Path.of(args[2])), ReplaySpeed.MAX);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ReplayResult result;
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(new HashMap<>(agent.producerProperties()))) {
            result = new ReplayRunner(config, producer, quiet).run();
        }
        double seconds = result.elapsed().toNanos() / 1e9;
        // Heartbeats (one record per partition a second of capture time) are a fraction of a percent: not counted.
        System.out.printf("replay: %,d packets, %,d summaries in %.2f s: %.0f summaries/s, complete=%s%n",
                result.packetsRead(), result.summaries(), seconds, result.summaries() / seconds, result.complete());
    }
}
