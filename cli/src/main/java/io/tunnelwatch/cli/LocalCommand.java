package io.tunnelwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tunnelwatch local}: the whole pipeline on this machine, on capture files. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Replay capture files through a local Kafka broker and the correlation job (Flink MiniCluster), "
                + "print the verdict per tunnel and write the alerts and tunnel events as JSON lines.")
public final class LocalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "pcap or pcapng files, merged in timestamp order.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--gateways", split = ",", paramLabel = "CIDR",
            description = "Gateway addresses (CIDR, comma-separated); default: learned from the handshakes.")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--alerts-out", paramLabel = "FILE", description = "Write the alerts here, one JSON object per line.")
    Path alertsOut;

    @Option(names = "--events-out", paramLabel = "FILE", description = "Write the tunnel events here, one JSON object per line.")
    Path eventsOut;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--partitions", defaultValue = "1", description = "Partitions of the summaries topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--keep-running", description = "Leave the broker up afterwards and print its address; Ctrl-C stops it.")
    boolean keepRunning;

    private final PrintStream out;
    private final PrintStream progress;

    public LocalCommand() {
        this(System.out, System.err);
    }

    LocalCommand(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    @Override
    public Integer call() throws Exception {
        LocalOptions options = new LocalOptions(files, gateways, alertsOut, eventsOut, parallelism, partitions, keepRunning);
        return run(options, out, progress);
    }

    static int run(LocalOptions options, PrintStream out, PrintStream progress) throws Exception {
        LocalPipeline.Result result = new LocalPipeline(progress).run(options);
        writeLines(options.alertsOut(), result.alerts());
        writeLines(options.eventsOut(), result.events());
        VerdictTable.print(Verdicts.rows(result.alerts(), result.events()), out);
        out.flush();
        progress.printf("tunnelwatch: %d alert(s), %d tunnel event(s), %d dead letter(s)%n",
                result.alerts().size(), result.events().size(), result.deadLetters().size());
        if (result.keptBroker() != null) {
            awaitInterrupt(result, progress);
        }
        return 0;
    }

    private static void writeLines(Path file, List<String> lines) throws IOException {
        if (file != null) {
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
    }

    private static void awaitInterrupt(LocalPipeline.Result result, PrintStream progress) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            result.keptBroker().close();
            stopped.countDown();
        }, "tunnelwatch-local-stop"));
        progress.println("tunnelwatch: broker left running at " + result.keptBroker().bootstrapServers()
                + " (topics " + LocalPipeline.SUMMARIES_TOPIC + ", " + LocalPipeline.ALERTS_TOPIC + ", "
                + LocalPipeline.EVENTS_TOPIC + ", " + LocalPipeline.DEAD_LETTER_TOPIC + "); Ctrl-C stops it");
        stopped.await();
    }
}
