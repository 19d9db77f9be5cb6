package io.tunnelwatch.agent.config;

import io.tunnelwatch.agent.config.SettingSources.Setting;
import io.tunnelwatch.agent.publish.AggregationPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Turns flags, environment and configuration file into one checked, immutable configuration
 * (precedence: flag, then {@code TUNNELWATCH_*} variable, then file, then default). Every problem is a
 * {@link ConfigException} naming the setting and where its value came from.
 */
public final class AgentConfigLoader {
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(60);
    private static final int DEFAULT_QUEUE_CAPACITY = 100_000;
    private static final int DEFAULT_METRICS_PORT = 9464;

    private final Map<String, String> environment;

    public AgentConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public ReplayConfig replay(AgentFlags flags, String speed, List<String> files) {
        SettingSources sources = sources(flags);
        if (files.isEmpty()) {
            throw new ConfigException("no capture file given");
        }
        List<Path> paths = new ArrayList<>();
        for (String file : files) {
            paths.add(readableFile(file));
        }
        ReplaySpeed replaySpeed = ReplaySpeed.parse(sources.resolve("speed", "--speed", speed, "max").value());
        // Replays are off-line: no metrics endpoint unless asked for.
        return new ReplayConfig(agent(flags, sources, AgentConfig.REPLAY_TOPIC, -1), paths, replaySpeed);
    }

    public CaptureConfig capture(AgentFlags flags, CaptureFlags capture) {
        SettingSources sources = sources(flags);
        List<String> interfaces = capture.interfaces() == null || capture.interfaces().isEmpty()
                ? sources.lookup("interfaces", "--interface", null).map(s -> split(s.value())).orElse(List.of())
                : List.copyOf(capture.interfaces());
        if (interfaces.isEmpty()) {
            throw new ConfigException("no capture interface: give --interface IF (or "
                    + SettingSources.environmentName("interfaces") + ")");
        }
        List<Cidr> gateways = new ArrayList<>();
        Optional<Setting> gatewaySetting = sources.lookup("gateways", "--gateways", capture.gateways());
        if (gatewaySetting.isPresent()) {
            for (String cidr : split(gatewaySetting.get().value())) {
                try {
                    gateways.add(Cidr.parse(cidr));
                } catch (ConfigException e) {
                    throw new ConfigException(e.getMessage() + " (from " + gatewaySetting.get().origin() + ")");
                }
            }
        }
        Optional<String> filter = sources.lookup("filter", "--filter", capture.filter()).map(Setting::value)
                .filter(f -> !f.isBlank());
        int snaplen = integer(sources.resolve("snaplen", "--snaplen", capture.snaplen(),
                String.valueOf(CaptureConfig.DEFAULT_SNAPLEN)), 64, 262_144);
        int buffer = integer(sources.resolve("buffer.size", "--buffer-size", capture.bufferSize(),
                String.valueOf(CaptureConfig.DEFAULT_BUFFER_BYTES)), 65_536, Integer.MAX_VALUE);
        boolean promiscuous = bool(sources.resolve("promiscuous", "--promiscuous", capture.promiscuous(), "false"));
        return new CaptureConfig(agent(flags, sources, AgentConfig.LIVE_TOPIC, DEFAULT_METRICS_PORT),
                interfaces, gateways, filter, snaplen, buffer, promiscuous);
    }

    private SettingSources sources(AgentFlags flags) {
        String configFile = flags.configFile() != null ? flags.configFile()
                : environment.get(SettingSources.environmentName("producer.config"));
        Properties file = configFile == null || configFile.isBlank()
                ? new Properties() : SettingSources.readPropertiesFile(Path.of(configFile));
        return new SettingSources(environment, file, configFile == null ? "(none)" : configFile);
    }

    private AgentConfig agent(AgentFlags flags, SettingSources sources, String defaultTopic, int defaultMetricsPort) {
        String topic = sources.resolve("topic", "--topic", flags.topic(), defaultTopic).value().strip();
        if (topic.isEmpty()) {
            throw new ConfigException("the topic name is empty");
        }
        String agentId = sources.resolve("agent.id", "--agent-id", flags.agentId(), hostName()).value().strip();
        String site = sources.resolve("site", "--site", flags.site(), "default").value().strip();
        String bootstrap = sources.lookup("bootstrap", "--bootstrap", flags.bootstrap()).map(Setting::value).orElse(null);
        Map<String, String> producer = ProducerSettings.build(sources.kafkaProperties(), bootstrap, "tunnelwatch-agent-" + agentId);
        VpnPorts ports = new VpnPorts(
                ports(sources.resolve("tls.ports", "--tls-ports", flags.tlsPorts(), "443,60443")),
                VpnPorts.DEFAULT.ikePorts(), VpnPorts.DEFAULT.nattPorts());
        AggregationPolicy aggregation = new AggregationPolicy(
                Duration.ofMillis(integer(sources.resolve("aggregation.interval.ms", "--aggregation-interval-ms",
                        flags.aggregationIntervalMillis(), "1000"), 1, 3_600_000)),
                integer(sources.resolve("aggregation.max.flows", "--max-flows", flags.maxFlows(),
                        String.valueOf(AggregationPolicy.DEFAULT_MAX_FLOWS)), 1, 10_000_000));
        Duration heartbeat = Duration.ofMillis(integer(sources.resolve("heartbeat.interval.ms", "--heartbeat-interval-ms",
                flags.heartbeatIntervalMillis(), "1000"), 10, 3_600_000));
        int queue = integer(sources.resolve("queue.capacity", "--queue-capacity", flags.queueCapacity(),
                String.valueOf(DEFAULT_QUEUE_CAPACITY)), 1, 10_000_000);
        int metricsPort = integer(sources.resolve("metrics.port", "--metrics-port", flags.metricsPort(),
                String.valueOf(defaultMetricsPort)), -1, 65_535);
        Duration startupTimeout = Duration.ofMillis(integer(sources.resolve("startup.timeout.ms", "--startup-timeout-ms",
                flags.startupTimeoutMillis(), "10000"), 100, 600_000));
        return new AgentConfig(topic, agentId, site, producer, ports, aggregation, heartbeat, queue, metricsPort,
                LOG_INTERVAL, startupTimeout, SHUTDOWN_TIMEOUT);
    }

    private static Path readableFile(String file) {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw new ConfigException("cannot read capture file " + file + ": no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("cannot read capture file " + file + ": not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new ConfigException("cannot read capture file " + file + ": permission denied");
        }
        return path;
    }

    private static List<Integer> ports(Setting setting) {
        List<Integer> ports = new ArrayList<>();
        for (String port : split(setting.value())) {
            ports.add(integer(new Setting(port, setting.origin()), 1, 65_535));
        }
        if (ports.isEmpty()) {
            throw new ConfigException("no port in '" + setting.value() + "' (from " + setting.origin() + ")");
        }
        return ports;
    }

    private static int integer(Setting setting, int min, int max) {
        try {
            int value = Integer.parseInt(setting.value().strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new ConfigException("bad value '" + setting.value() + "' from " + setting.origin()
                + ": expected a whole number from " + min + " to " + max);
    }

    private static boolean bool(Setting setting) {
        return switch (setting.value().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException("bad value '" + setting.value() + "' from " + setting.origin()
                    + ": expected true or false");
        };
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "agent");
        }
    }
}
