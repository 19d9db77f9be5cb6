package io.tunnelwatch.cli;

import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.agent.config.ProducerSettings;
import io.tunnelwatch.agent.config.ReplayConfig;
import io.tunnelwatch.agent.config.ReplaySpeed;
import io.tunnelwatch.agent.config.VpnPorts;
import io.tunnelwatch.agent.publish.AggregationPolicy;
import io.tunnelwatch.agent.replay.ReplayResult;
import io.tunnelwatch.agent.replay.ReplayRunner;
import io.tunnelwatch.job.CorrelationJobCommand;
import io.tunnelwatch.job.JobConfig;
import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import io.tunnelwatch.cli.report.ForensicReport;
import io.tunnelwatch.cli.report.PacketEvidence;
import io.tunnelwatch.summary.SummaryCodec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The whole pipeline on one machine, on real parts: a Kafka broker (KRaft, loopback, temporary
 * directory), the agent's replay of the capture files into it, and the correlation job on a Flink
 * MiniCluster reading from it at the same time, ended like a bounded job once it has read everything
 * ({@link ConcurrentJob}). Then the alerts and tunnel events are read back from
 * their topics, exactly as a SIEM would see them.
 */
public final class LocalPipeline {
    public static final String SUMMARIES_TOPIC = AgentConfig.REPLAY_TOPIC;
    public static final String ALERTS_TOPIC = "tunnelwatch.alerts";
    public static final String EVENTS_TOPIC = "tunnelwatch.tunnel-events";
    public static final String DEAD_LETTER_TOPIC = "tunnelwatch.dead-letters";

    private final PrintStream progress;
    private final EmbeddedKafkaBroker sharedBroker;
    private final String topicSuffix;

    /** @param progress where phase lines and the replay's progress go (stderr) */
    public LocalPipeline(PrintStream progress) {
        this(progress, null, "");
    }

    /**
     * A pipeline on a broker that is already running (tests share one per class). Each run gets its own
     * topics, ending in {@code topicSuffix}, so runs on one broker never read each other's records; the
     * broker is left running.
     */
    public LocalPipeline(PrintStream progress, EmbeddedKafkaBroker sharedBroker, String topicSuffix) {
        this.progress = progress;
        this.sharedBroker = sharedBroker;
        this.topicSuffix = topicSuffix;
    }

    /**
     * What came out of a run; the broker is still running when {@code keepRunning} was asked. Otherwise it
     * is being stopped in the background, and {@code brokerStopped} completes once it is stopped and its
     * directory deleted: the caller waits for it before exiting.
     */
    public record Result(List<String> alerts, List<String> events, List<String> deadLetters, ReplayResult replay,
                         Map<String, Duration> phases, EmbeddedKafkaBroker keptBroker, PacketEvidence packets,
                         CompletableFuture<Void> brokerStopped) {}

    public Result run(LocalOptions options) throws Exception {
        PhaseTimer timer = new PhaseTimer();
        StopOnExit onExit = new StopOnExit();
        Result result;
        try {
            result = run(options, timer, onExit);
        } catch (Exception | Error e) {
            onExit.close();
            throw e;
        }
        // Until the broker has stopped, Ctrl-C still waits for it and deletes its directory.
        result.brokerStopped().whenComplete((stopped, error) -> onExit.close());
        return result;
    }

    private Result run(LocalOptions options, PhaseTimer timer, StopOnExit onExit) throws Exception {
        EmbeddedKafkaBroker broker = sharedBroker != null ? sharedBroker : onExit.add(EmbeddedKafkaBroker.start());
        boolean stopOnFailure = sharedBroker == null; // a run that fails stops its own broker before the error goes up
        try {
            broker.createTopic(topic(SUMMARIES_TOPIC), options.partitions());
            broker.createTopic(topic(ALERTS_TOPIC), 1);
            broker.createTopic(topic(EVENTS_TOPIC), 1);
            broker.createTopic(topic(DEAD_LETTER_TOPIC), 1);
            say("Kafka broker up at %s (%s)", broker.bootstrapServers(), PhaseTimer.seconds(timer.lap("broker start")));

            ReplayResult replay;
            try (ConcurrentJob job = onExit.add(ConcurrentJob.submit(jobConfig(options, broker.bootstrapServers()),
                    options.parallelism()))) {
                replay = replay(options, broker.bootstrapServers());
                say("replayed %,d packets as %,d summaries (%s; the correlation job has read %,d records so far)",
                        replay.packetsRead(), replay.summaries(), PhaseTimer.seconds(timer.lap("replay")),
                        job.recordsRead(options.partitions()));
                for (String damage : replay.damaged()) {
                    say("warning: %s", damage);
                }
                job.finish(broker.bootstrapServers());
                say("correlation job finished (%s after the replay)", PhaseTimer.seconds(timer.lap("flink job")));
            }

            List<String> alerts;
            List<String> events;
            List<String> deadLetters;
            PacketEvidence packets = null;
            try (TopicReader reader = new TopicReader(broker.bootstrapServers())) {
                Map<String, List<String>> outputs = reader.readAll(topic(ALERTS_TOPIC), topic(EVENTS_TOPIC), topic(DEAD_LETTER_TOPIC));
                alerts = outputs.get(topic(ALERTS_TOPIC));
                events = outputs.get(topic(EVENTS_TOPIC));
                deadLetters = outputs.get(topic(DEAD_LETTER_TOPIC));
                say("read %,d alert(s) and %,d tunnel event(s) back from their topics (%s)", alerts.size(), events.size(),
                        PhaseTimer.seconds(timer.lap("read outputs")));
                if (options.report() != null) {
                    packets = readPackets(reader, alerts, events);
                    say("read back %,d summaries for the report (%s)", replay.summaries(), PhaseTimer.seconds(timer.lap("read summaries")));
                }
            }
            boolean keepForUser = sharedBroker == null && options.keepRunning();
            CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);
            if (keepForUser) {
                onExit.release(broker); // --keep-running: the command stops it on Ctrl-C
            } else if (sharedBroker == null) {
                // Stopping takes about a second; it overlaps the caller's files and table instead of preceding them.
                stopped = CompletableFuture.runAsync(broker::close, task -> new Thread(task, "tunnelwatch-broker-stop").start());
            }
            stopOnFailure = false;
            return new Result(alerts, events, deadLetters, replay, timer.phases(), keepForUser ? broker : null,
                    packets, stopped);
        } finally {
            if (stopOnFailure) {
                broker.close();
            }
        }
    }

    /** The summaries of the tunnels that got a verdict, decoded as the job decodes them; unreadable ones are skipped. */
    private PacketEvidence readPackets(TopicReader reader, List<String> alerts, List<String> events) {
        PacketEvidence packets = new PacketEvidence(ForensicReport.tunnels(alerts, events));
        reader.readEach(topic(SUMMARIES_TOPIC), value -> {
            if (SummaryCodec.decode(value) instanceof SummaryCodec.Ok ok && ok.record().hasPacket()) {
                packets.add(ok.record().getPacket());
            }
        });
        return packets;
    }

    private ReplayResult replay(LocalOptions options, String bootstrap) {
        AgentConfig agent = new AgentConfig(topic(SUMMARIES_TOPIC), "local", "local",
                ProducerSettings.build(Map.of(), bootstrap, "tunnelwatch-local-replay"),
                new VpnPorts(options.settings().vpnTcpPorts(), VpnPorts.DEFAULT.ikePorts(), VpnPorts.DEFAULT.nattPorts()),
                AggregationPolicy.DEFAULT, Duration.ofSeconds(1),
                100_000, -1, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(60));
        ReplayConfig config = new ReplayConfig(agent, options.files(), ReplaySpeed.MAX);
        Map<String, Object> producerProperties = new java.util.HashMap<>(agent.producerProperties());
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties)) {
            // A redrawn bar only on a terminal; otherwise the replay logs a plain line now and then.
            return new ReplayRunner(config, producer, System.console() != null ? progress : null).run();
        }
    }

    /**
     * The job's configuration: the local topics, read from the start without an end while the replay
     * writes them (see {@link ConcurrentJob}).
     */
    private JobConfig jobConfig(LocalOptions options, String bootstrap) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", bootstrap,
                "--summaries-topic", topic(SUMMARIES_TOPIC),
                "--alerts-topic", topic(ALERTS_TOPIC),
                "--tunnel-events-topic", topic(EVENTS_TOPIC),
                "--dead-letter-topic", topic(DEAD_LETTER_TOPIC),
                "--group-id", "tunnelwatch-local" + topicSuffix,
                "--transactional-id-prefix", "tunnelwatch-local" + topicSuffix,
                "--start-from", "EARLIEST",
                "--parallelism", String.valueOf(options.parallelism())));
        if (!options.gateways().isEmpty()) {
            args.addAll(List.of("--gateways", String.join(",", options.gateways())));
        }
        args.addAll(options.settings().jobArguments());
        // The environment (TUNNELWATCH_JOB_*) still applies to what is not set here (state backend, Kafka client settings).
        return CorrelationJobCommand.parse(args, System.getenv());
    }

    private String topic(String name) {
        return name + topicSuffix;
    }

    private void say(String format, Object... args) {
        progress.println("tunnelwatch: " + String.format(format, args));
    }
}
