package io.tunnelwatch.agent.cli;

import io.tunnelwatch.agent.config.AgentConfigLoader;
import io.tunnelwatch.agent.config.ConfigException;
import io.tunnelwatch.agent.config.ReplayConfig;
import io.tunnelwatch.agent.metrics.AgentHealth;
import io.tunnelwatch.agent.metrics.AgentMetrics;
import io.tunnelwatch.agent.metrics.MetricsServer;
import io.tunnelwatch.agent.publish.KafkaStartupCheck;
import io.tunnelwatch.agent.replay.ReplayResult;
import io.tunnelwatch.agent.replay.ReplayRunner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code agent replay --bootstrap HOST:PORT [...] FILE...}: only parses, then hands a {@link ReplayConfig} to {@link ReplayRunner}. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay pcap/pcapng files into Kafka with their original timestamps and provenance "
                + "(default topic tunnelwatch.summaries.replay). Several files are merged in time order.")
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    private AgentCommand agent;

    @Mixin
    private AgentOptions options;

    @Option(names = "--speed", paramLabel = "max|realtime|FACTOR", description = "Replay speed (default: max).")
    private String speed;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "pcap or pcapng capture files.")
    private List<String> files;

    @Override
    public Integer call() {
        PrintStream stderr = agent.cli().stderr();
        try {
            ReplayConfig config = new AgentConfigLoader(System.getenv()).replay(options.flags(), speed, files);
            KafkaStartupCheck.verify(config.agent());
            try (Producer<byte[], byte[]> producer = KafkaClients.producer(config.agent())) {
                ReplayRunner runner = new ReplayRunner(config, producer, System.console() != null ? stderr : null);
                MetricsServer metrics = serveMetrics(config, runner);
                CountDownLatch done = new CountDownLatch(1);
                Thread stopOnSignal = new Thread(() -> {
                    runner.requestStop();
                    awaitQuietly(done);
                }, "tunnelwatch-replay-stop");
                Runtime.getRuntime().addShutdownHook(stopOnSignal);
                try {
                    ReplayResult result = runner.run();
                    printSummary(result, config);
                    return result.complete() ? 0 : AgentCommand.EXIT_INCOMPLETE;
                } finally {
                    done.countDown();
                    removeQuietly(stopOnSignal);
                    if (metrics != null) {
                        metrics.close();
                    }
                }
            }
        } catch (ConfigException e) {
            stderr.println("tunnelwatch: " + e.getMessage());
            return AgentCli.EXIT_USAGE;
        }
    }

    /** Metrics of a replay only when asked for (a port given): a forensic replay is usually watched on its bar. */
    private static MetricsServer serveMetrics(ReplayConfig config, ReplayRunner runner) {
        if (config.agent().metricsPort() < 0) {
            return null;
        }
        AgentMetrics metrics = new AgentMetrics(config.agent().agentId(), config.agent().site());
        metrics.bindPipeline(runner.counters());
        metrics.bindPublisher(runner.publisher());
        return MetricsServer.start(config.agent().metricsPort(), metrics,
                () -> new AgentHealth(AgentHealth.Status.UP, "replaying " + config.files().size() + " file(s)"));
    }

    private void printSummary(ReplayResult result, ReplayConfig config) {
        PrintStream out = new PrintStream(agent.cli().stdout(), true, StandardCharsets.UTF_8);
        double seconds = Math.max(1e-3, result.elapsed().toNanos() / 1e9);
        out.printf(Locale.ROOT, "replayed %d file(s) into %s in %.1f s%n", config.files().size(), config.agent().topic(), seconds);
        out.printf(Locale.ROOT, "packets read:       %,d (%,.0f/s)%n", result.packetsRead(), result.packetsRead() / seconds);
        out.printf(Locale.ROOT, "records published:  %,d summaries, %,d heartbeat rounds%n",
                result.publisher().acknowledged(), result.heartbeats());
        out.printf(Locale.ROOT, "reduction:          %.1f packets per record%n", result.reduction());
        out.printf(Locale.ROOT, "malformed packets:  %,d%n", result.malformed());
        out.printf(Locale.ROOT, "not delivered:      %,d (%,d dropped, %,d failed in Kafka)%n",
                result.publisher().lost(), result.publisher().dropped(), result.publisher().failed());
        result.damaged().forEach(d -> out.println("file cut short:     " + d));
    }

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it waits for us to finish
        }
    }
}
