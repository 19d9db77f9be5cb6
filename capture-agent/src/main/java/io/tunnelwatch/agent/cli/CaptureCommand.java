package io.tunnelwatch.agent.cli;

import io.tunnelwatch.agent.config.AgentConfigLoader;
import io.tunnelwatch.agent.config.CaptureConfig;
import io.tunnelwatch.agent.config.CaptureFlags;
import io.tunnelwatch.agent.config.ConfigException;
import io.tunnelwatch.agent.live.LiveCapture;
import io.tunnelwatch.agent.metrics.AgentMetrics;
import io.tunnelwatch.agent.metrics.MetricsServer;
import io.tunnelwatch.agent.metrics.StatusLine;
import io.tunnelwatch.agent.publish.KafkaStartupCheck;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code agent capture --interface IF --bootstrap HOST:PORT [...]}: only parses, then runs a {@link LiveCapture} until SIGTERM. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Capture VPN traffic live (libpcap) and publish summaries to Kafka until stopped "
                + "(SIGTERM/Ctrl-C flushes everything). Default topic tunnelwatch.summaries.")
final class CaptureCommand implements Callable<Integer> {
    /**
     * Looked up when used, not when the class loads: picocli loads every command class on each
     * invocation, and starting the logging framework costs about 1.5 s of CPU that {@code decode} must not pay.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(CaptureCommand.class);
    }

    @ParentCommand
    private AgentCommand agent;

    @Mixin
    private AgentOptions options;

    @Option(names = "--interface", paramLabel = "IF", description = "Interface to capture on (repeatable).")
    private List<String> interfaces;

    @Option(names = "--gateways", paramLabel = "CIDR,...", description = "Capture only traffic to and from these gateways.")
    private String gateways;

    @Option(names = "--filter", paramLabel = "BPF", description = "BPF filter replacing the one built from ports and gateways.")
    private String filter;

    @Option(names = "--snaplen", paramLabel = "BYTES", description = "Bytes kept per packet (default: 256).")
    private String snaplen;

    @Option(names = "--buffer-size", paramLabel = "BYTES", description = "Kernel capture buffer per interface (default: 64 MiB).")
    private String bufferSize;

    @Option(names = "--promiscuous", paramLabel = "true|false", description = "Promiscuous mode (default: false).")
    private String promiscuous;

    /** Exit status when every capture loop died on its own (interface gone, libpcap error). */
    private static final int EXIT_CAPTURE_FAILED = 4;

    @Override
    public Integer call() {
        PrintStream stderr = agent.cli().stderr();
        try {
            CaptureConfig config = new AgentConfigLoader(System.getenv()).capture(options.flags(),
                    new CaptureFlags(interfaces, gateways, filter, snaplen, bufferSize, promiscuous));
            LiveCapture.checkInterfaces(config);
            KafkaStartupCheck.verify(config.agent());
            try (Producer<byte[], byte[]> producer = KafkaClients.producer(config.agent())) {
                return run(config, producer) ? 0 : EXIT_CAPTURE_FAILED;
            }
        } catch (ConfigException e) {
            stderr.println("tunnelwatch: " + e.getMessage());
            return AgentCli.EXIT_USAGE;
        }
    }

    /** Runs until SIGTERM (true) or until every capture loop ended by itself (false). */
    private static boolean run(CaptureConfig config, Producer<byte[], byte[]> producer) {
        LiveCapture capture = new LiveCapture(config, producer);
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before the capture starts, so a SIGTERM at any moment after it still flushes.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log().info("stopping: flushing aggregates and waiting for Kafka");
            capture.stop();
            stopped.countDown();
        }, "tunnelwatch-capture-stop"));
        capture.start();
        AgentMetrics metrics = new AgentMetrics(config.agent().agentId(), config.agent().site());
        metrics.bindPipeline(capture.counters());
        metrics.bindPublisher(capture.publisher());
        metrics.bindCaptureLoss(config.interfaces(), capture::losses);
        MetricsServer server = config.agent().metricsPort() < 0 ? null
                : MetricsServer.start(config.agent().metricsPort(), metrics, capture::health);
        if (server != null) {
            log().info("metrics on http://0.0.0.0:{}/metrics, health on /health", server.port());
        }
        ScheduledExecutorService statusLog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tunnelwatch-status-log");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.agent().logInterval().toMillis();
        statusLog.scheduleAtFixedRate(() -> log().info("status: {}",
                StatusLine.format(capture.counters(), capture.publisher().stats(), capture.losses())),
                every, every, TimeUnit.MILLISECONDS);

        try {
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                if (!capture.capturing()) {
                    log().error("every capture loop has ended; stopping");
                    capture.stop();
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            capture.stop();
            return false;
        } finally {
            statusLog.shutdownNow();
            if (server != null) {
                server.close();
            }
        }
    }
}
