package io.tunnelwatch.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tunnelwatch alerts}: the verdict table from a running deployment's topics, for teams without a SIEM. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Read the job's alerts and tunnel events from Kafka (committed records only) and print the verdict "
                + "table, one row per tunnel; --follow keeps printing rows as they come until Ctrl-C.")
public final class AlertsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "tunnelwatch.alerts", description = "Alerts topic (default: ${DEFAULT-VALUE}).")
    String alertsTopic;

    @Option(names = "--events-topic", defaultValue = "tunnelwatch.tunnel-events",
            description = "Tunnel events topic (default: ${DEFAULT-VALUE}).")
    String eventsTopic;

    @Option(names = "--follow", description = "Keep printing new rows until Ctrl-C.")
    boolean follow;

    @Option(names = "--from-beginning", description = "With --follow, first print the table of what the topics hold "
            + "(without --follow the whole topics are always read).")
    boolean fromBeginning;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationOption.class,
            description = "Give up when the broker does not answer within this (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private final PrintStream out;
    private final PrintStream progress;

    public AlertsCommand() {
        this(System.out, System.err);
    }

    AlertsCommand(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    @Override
    public Integer call() throws Exception {
        AlertsOptions options = new AlertsOptions(bootstrap, alertsTopic, eventsTopic, follow, fromBeginning, timeout);
        AlertFeed feed = open(options, out, progress);
        CountDownLatch done = new CountDownLatch(1);
        Thread stopOnCtrlC = new Thread(() -> {
            feed.stop();
            try {
                done.await(5, TimeUnit.SECONDS); // let the feed close its consumer before the JVM goes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tunnelwatch-alerts-stop");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        try (feed) {
            feed.run();
        } finally {
            done.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
        } catch (IllegalStateException e) {
            // Already shutting down (Ctrl-C): the hook is running and ends on its own.
        }
        return 0;
    }

    /** The feed, or one line saying why the bootstrap address cannot be used. */
    static AlertFeed open(AlertsOptions options, PrintStream out, PrintStream progress) {
        try {
            return new AlertFeed(options, out, progress);
        } catch (KafkaException e) {
            throw new IllegalArgumentException("--bootstrap " + options.bootstrap() + ": "
                    + (e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }
}
