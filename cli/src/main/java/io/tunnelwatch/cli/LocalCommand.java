package io.tunnelwatch.cli;

import io.tunnelwatch.cli.report.ForensicReport;
import io.tunnelwatch.cli.report.ReportInput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write a self-contained forensic report: per tunnel, a timeline of the stages and the packets behind it.")
    Path report;

    @Option(names = "--vpn-tcp-ports", split = ",", paramLabel = "PORT", defaultValue = "443,60443",
            description = "TCP ports of the clients' HTTPS login, for the agent and the job (default: ${DEFAULT-VALUE}).")
    List<Integer> vpnTcpPorts = new ArrayList<>();

    @Option(names = "--out-of-orderness", defaultValue = "2s", converter = DurationOption.class,
            description = "How late a packet may arrive in event time (default: ${DEFAULT-VALUE}).")
    Duration outOfOrderness;

    @Option(names = "--tcp-connect-timeout", defaultValue = "10s", converter = DurationOption.class,
            description = "Client SYN without SYN-ACK: TCP_NO_RESPONSE after this (default: ${DEFAULT-VALUE}).")
    Duration tcpConnectTimeout;

    @Option(names = "--tls-handshake-timeout", defaultValue = "20s", converter = DurationOption.class,
            description = "TLS handshake not completed: TLS_INCOMPLETE after this (default: ${DEFAULT-VALUE}).")
    Duration tlsHandshakeTimeout;

    @Option(names = "--ike-start-timeout", defaultValue = "60s", converter = DurationOption.class,
            description = "Login completed, no IKE phase 1: IKE_NOT_STARTED after this (default: ${DEFAULT-VALUE}).")
    Duration ikeStartTimeout;

    @Option(names = "--ike-phase-timeout", defaultValue = "30s", converter = DurationOption.class,
            description = "Each IKE phase must complete (or phase 2 start) within this (default: ${DEFAULT-VALUE}).")
    Duration ikePhaseTimeout;

    @Option(names = "--esp-timeout", defaultValue = "60s", converter = DurationOption.class,
            description = "Phase 2 completed, ESP both ways needed within this (default: ${DEFAULT-VALUE}).")
    Duration espTimeout;

    @Option(names = "--idle-timeout", defaultValue = "120s", converter = DurationOption.class,
            description = "An established tunnel with no traffic for this is closed (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

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
        CorrelationSettings settings = new CorrelationSettings(vpnTcpPorts, outOfOrderness, tcpConnectTimeout,
                tlsHandshakeTimeout, ikeStartTimeout, ikePhaseTimeout, espTimeout, idleTimeout);
        LocalOptions options = new LocalOptions(files, gateways, alertsOut, eventsOut, parallelism, partitions, keepRunning,
                settings, report);
        return run(options, out, progress);
    }

    static int run(LocalOptions options, PrintStream out, PrintStream progress) throws Exception {
        return run(new LocalPipeline(progress), options, out, progress);
    }

    /** A run on the given pipeline (tests hand in one on a shared broker). */
    static int run(LocalPipeline pipeline, LocalOptions options, PrintStream out, PrintStream progress) throws Exception {
        LocalPipeline.Result result = pipeline.run(options);
        writeSorted(options.alertsOut(), result.alerts());
        writeSorted(options.eventsOut(), result.events());
        if (options.report() != null) {
            writeReport(options, result);
            progress.println("tunnelwatch: report written to " + options.report().toAbsolutePath());
        }
        VerdictTable.print(Verdicts.rows(result.alerts(), result.events()), out);
        out.flush();
        progress.printf("tunnelwatch: %d alert(s), %d tunnel event(s), %d dead letter(s)%n",
                result.alerts().size(), result.events().size(), result.deadLetters().size());
        result.brokerStopped().join();
        if (result.keptBroker() != null) {
            awaitInterrupt(result, progress);
        }
        return 0;
    }

    private static void writeReport(LocalOptions options, LocalPipeline.Result result) throws IOException {
        List<String> files = options.files().stream().map(file -> String.valueOf(file.getFileName())).toList();
        CorrelationSettings settings = options.settings();
        String settingsLine = "gateways " + (options.gateways().isEmpty() ? "learned from the handshakes" : String.join(",", options.gateways()))
                + "; VPN TCP ports " + settings.vpnTcpPorts() + "; out-of-orderness " + seconds(settings.outOfOrderness())
                + "; timeouts: TCP connect " + seconds(settings.tcpConnectTimeout()) + ", TLS handshake " + seconds(settings.tlsHandshakeTimeout())
                + ", IKE start " + seconds(settings.ikeStartTimeout()) + ", IKE phase " + seconds(settings.ikePhaseTimeout())
                + ", ESP " + seconds(settings.espTimeout()) + ", idle " + seconds(settings.idleTimeout());
        ReportInput input = new ReportInput(files, settingsLine, result.alerts(), result.events(), result.deadLetters().size(),
                result.replay().packetsRead(), result.replay().summaries(), result.packets());
        Files.writeString(options.report(), ForensicReport.render(input), StandardCharsets.UTF_8);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The lines in event-time order into {@code file}, when one was asked for. */
    private static void writeSorted(Path file, List<String> lines) throws IOException {
        if (file != null) {
            Files.write(file, EventTimeOrder.sorted(lines), StandardCharsets.UTF_8);
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
