package io.tunnelwatch.job;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import io.tunnelwatch.correlation.CorrelationConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code tunnelwatch job}: parses flags into a {@link JobConfig} and runs {@link CorrelationJob}.
 *
 * <p>Each option can also come from the environment, {@code TUNNELWATCH_JOB_} plus the option name
 * in capitals with underscores ({@code TUNNELWATCH_JOB_BOOTSTRAP_SERVERS}), or from the
 * {@code --config} properties file, keyed by the option name without dashes
 * ({@code bootstrap-servers=...}). A flag beats the environment, which beats the file, which
 * beats the default.
 */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Correlate VPN tunnel summaries from Kafka into alerts and tunnel events (Apache Flink).")
public final class CorrelationJobCommand implements Callable<Integer> {

    static final String ENV_PREFIX = "TUNNELWATCH_JOB_";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with option values (keys: option names without dashes).")
    Path configFile;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--summaries-topic", defaultValue = "tunnelwatch.summaries")
    String summariesTopic;

    @Option(names = "--alerts-topic", defaultValue = "tunnelwatch.alerts")
    String alertsTopic;

    @Option(names = "--tunnel-events-topic", defaultValue = "tunnelwatch.tunnel-events")
    String tunnelEventsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = "tunnelwatch.dead-letters")
    String deadLetterTopic;

    @Option(names = "--group-id", defaultValue = "tunnelwatch-correlation")
    String groupId;

    @Option(names = "--start-from", defaultValue = "COMMITTED",
            description = "COMMITTED (earliest where the group has none), EARLIEST or LATEST.")
    JobConfig.StartFrom startFrom;

    @Option(names = "--bounded", defaultValue = "false",
            description = "Forensics: read to the end offsets found at start, fire all pending timers, exit.")
    boolean bounded;

    @Option(names = "--out-of-orderness", defaultValue = "2s", converter = DurationConverter.class)
    Duration outOfOrderness;

    @Option(names = "--source-idleness", defaultValue = "30s", converter = DurationConverter.class,
            description = "A partition silent this long (wall clock) stops holding event time back.")
    Duration sourceIdleness;

    @Option(names = "--gateways", paramLabel = "CIDR,...", defaultValue = "",
            description = "VPN gateways (CIDR, comma-separated); empty: roles are learned from the handshakes.")
    String gateways;

    @Option(names = "--vpn-tcp-ports", paramLabel = "PORT,...", defaultValue = "443,60443",
            description = "TCP ports of the clients' HTTPS login (default: ${DEFAULT-VALUE}).")
    String vpnTcpPorts;

    @Option(names = "--tcp-connect-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "Client SYN without SYN-ACK: TCP_NO_RESPONSE after this (event time).")
    Duration tcpConnectTimeout;

    @Option(names = "--tls-handshake-timeout", defaultValue = "20s", converter = DurationConverter.class,
            description = "TLS handshake not completed: TLS_INCOMPLETE after this.")
    Duration tlsHandshakeTimeout;

    @Option(names = "--ike-start-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "Login completed, no IKE phase 1: IKE_NOT_STARTED after this.")
    Duration ikeStartTimeout;

    @Option(names = "--ike-phase-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "Each IKE phase must complete (or phase 2 start) within this.")
    Duration ikePhaseTimeout;

    @Option(names = "--esp-timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "Phase 2 completed, ESP both ways needed within this.")
    Duration espTimeout;

    @Option(names = "--idle-timeout", defaultValue = "120s", converter = DurationConverter.class,
            description = "An established tunnel with no traffic for this is closed.")
    Duration idleTimeout;

    @Option(names = "--checkpoint-interval", defaultValue = "0", converter = DurationConverter.class,
            description = "0: no checkpoints and at-least-once output; otherwise exactly-once output.")
    Duration checkpointInterval;

    @Option(names = "--state-backend", defaultValue = "HEAP", description = "HEAP or ROCKSDB.")
    JobConfig.StateBackendKind stateBackend;

    @Option(names = "--checkpoint-dir", defaultValue = "", description = "Checkpoint storage URI, e.g. file:///var/lib/tunnelwatch/checkpoints.")
    String checkpointDirectory;

    @Option(names = "--transactional-id-prefix", defaultValue = "tunnelwatch-correlation")
    String transactionalIdPrefix;

    @Option(names = "--transaction-timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "At most the broker's transaction.max.timeout.ms (15 min by default).")
    Duration transactionTimeout;

    @Option(names = "--parallelism", defaultValue = "0", description = "0: the environment's default.")
    int parallelism;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*) for source and sinks.")
    Path kafkaConfigFile;

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = commandLine(List.of(args), System.getenv()).execute(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("tunnelwatch job: " + e.getMessage());
            exitCode = 2;
        }
        // Success returns normally: in Flink application mode this main runs inside the JobManager,
        // where System.exit would take the cluster down with it.
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command with its value sources: the environment given, and the {@code --config} file. */
    static CommandLine commandLine(List<String> args, Map<String, String> env) {
        CommandLine cli = new CommandLine(new CorrelationJobCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setDefaultValueProvider(new EnvironmentAndFileDefaults(env, configFileOf(args)));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("tunnelwatch job: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    /** Parses arguments into a checked configuration; throws with a one-line message when they are wrong. */
    public static JobConfig parse(List<String> args, Map<String, String> env) {
        CommandLine cli = commandLine(args, env);
        cli.parseArgs(args.toArray(String[]::new));
        return ((CorrelationJobCommand) cli.getCommand()).toConfig();
    }

    @Override
    public Integer call() throws Exception {
        CorrelationJob.run(toConfig());
        return 0;
    }

    JobConfig toConfig() {
        return new JobConfig(bootstrapServers, summariesTopic, alertsTopic, tunnelEventsTopic, deadLetterTopic,
                groupId, startFrom, bounded, outOfOrderness, sourceIdleness, correlation(), checkpointInterval,
                stateBackend, checkpointDirectory, transactionalIdPrefix, transactionTimeout, parallelism,
                kafkaConfigFile == null ? Map.of() : readProperties(kafkaConfigFile));
    }

    /** The contract's settings; a wrong value is a one-line {@link IllegalArgumentException}. */
    private CorrelationConfig correlation() {
        CorrelationConfig.Builder builder = CorrelationConfig.builder();
        try {
            builder.gateways(list(gateways).toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gateways: " + e.getMessage());
        }
        return builder
                .vpnTcpPorts(ports(vpnTcpPorts))
                .tcpConnectTimeout(tcpConnectTimeout)
                .tlsHandshakeTimeout(tlsHandshakeTimeout)
                .ikeStartTimeout(ikeStartTimeout)
                .ikePhaseTimeout(ikePhaseTimeout)
                .espTimeout(espTimeout)
                .idleTimeout(idleTimeout)
                .build();
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private static Integer[] ports(String commaSeparated) {
        List<String> items = list(commaSeparated);
        Integer[] ports = new Integer[items.size()];
        for (int i = 0; i < ports.length; i++) {
            try {
                ports[i] = Integer.valueOf(items.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("vpn-tcp-ports: '" + items.get(i) + "' is not a port number");
            }
        }
        return ports;
    }

    /** The file must be known before parsing, because it supplies defaults for the other options. */
    private static Path configFileOf(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--config") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (arg.startsWith("--config=")) {
                return Path.of(arg.substring("--config=".length()));
            }
        }
        return null;
    }

    static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(new CommandLine(new CorrelationJobCommand()),
                    "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    /** Environment first, then the properties file; null leaves the option's own default. */
    private static final class EnvironmentAndFileDefaults implements CommandLine.IDefaultValueProvider {
        private final Map<String, String> env;
        private final Map<String, String> file;

        EnvironmentAndFileDefaults(Map<String, String> env, Path configFile) {
            this.env = env;
            this.file = configFile == null ? Map.of() : readProperties(configFile);
        }

        @Override
        public String defaultValue(ArgSpec argSpec) {
            if (!(argSpec instanceof OptionSpec option)) {
                return null;
            }
            String name = option.longestName().replaceFirst("^--", "");
            String fromEnv = env.get(ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            return fromEnv != null ? fromEnv : file.get(name);
        }
    }
}
