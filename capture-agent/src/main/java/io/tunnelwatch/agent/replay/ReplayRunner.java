package io.tunnelwatch.agent.replay;

import io.tunnelwatch.agent.capture.CaptureFileException;
import io.tunnelwatch.agent.capture.CaptureReader;
import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.agent.config.ConfigException;
import io.tunnelwatch.agent.config.ReplayConfig;
import io.tunnelwatch.agent.config.ReplaySpeed;
import io.tunnelwatch.agent.decode.PacketDecoder;
import io.tunnelwatch.agent.publish.HeartbeatEmitter;
import io.tunnelwatch.agent.publish.PipelineCounters;
import io.tunnelwatch.agent.publish.SourceHeaders;
import io.tunnelwatch.agent.publish.SummaryMapper;
import io.tunnelwatch.agent.publish.SummaryPipeline;
import io.tunnelwatch.agent.publish.SummaryPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays capture files into Kafka for forensics: files merged in timestamp order, the original
 * capture times as event time and record timestamps, the file's name and SHA-256 on every record, a
 * heartbeat per interval of the files' own clock, aggregates flushed at the end.
 *
 * <p>A replay waits for Kafka rather than dropping (a file can wait); whatever Kafka still refuses is
 * counted in the result.
 */
public final class ReplayRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayRunner.class);
    /** pcap record header (16 bytes) or pcapng packet block overhead (28-32): for the progress estimate only. */
    private static final int RECORD_OVERHEAD_ESTIMATE = 24;
    private static final long MIN_SLEEP_NANOS = 1_000_000;

    private final ReplayConfig config;
    private final Producer<byte[], byte[]> producer;
    private final ReplayProgress progress;
    private final PipelineCounters counters = new PipelineCounters();
    private final SummaryPublisher publisher;
    private volatile boolean stopRequested;

    /** @param progress where progress goes (a terminal bar or log lines) */
    public ReplayRunner(ReplayConfig config, Producer<byte[], byte[]> producer, java.io.PrintStream terminal) {
        this.config = config;
        this.producer = producer;
        this.progress = new ReplayProgress(terminal, totalBytes(config.files()));
        this.publisher = new SummaryPublisher(producer, config.agent().topic(), SummaryPublisher.WhenFull.BLOCK,
                config.agent().queueCapacity());
    }

    /** What the replay did so far, for metrics while it runs. */
    public PipelineCounters counters() {
        return counters;
    }

    public SummaryPublisher publisher() {
        return publisher;
    }

    /**
     * Asks a running replay to stop after the current packet and flush (SIGTERM). It no longer waits
     * for an absent Kafka: what cannot be handed over is dropped and counted.
     */
    public void requestStop() {
        stopRequested = true;
        publisher.stopWaitingForKafka();
    }

    public ReplayResult run() {
        AgentConfig agent = config.agent();
        long start = System.nanoTime();
        List<String> fileNames = config.files().stream().map(file -> file.getFileName().toString()).toList();
        try (MergedCapture capture = new MergedCapture(openAll(config.files()));
             FileDigests digests = FileDigests.start(config.files())) {
            // Provenance is on every record: the sender waits for each file's hash, the reading does not.
            List<Iterable<Header>> headers = new ArrayList<>();
            for (int i = 0; i < fileNames.size(); i++) {
                headers.add(SourceHeaders.replay(agent.agentId(), agent.site(), fileNames.get(i), digests.of(i)));
            }
            startPublisher(publisher, agent);
            SummaryPipeline pipeline = new SummaryPipeline(new PacketDecoder(), new SummaryMapper(agent.ports()),
                    agent.aggregation(), publisher, counters, new AtomicLong(), headers);
            HeartbeatEmitter heartbeats = new HeartbeatEmitter(publisher, agent.heartbeatInterval(),
                    SourceHeaders.replay(agent.agentId(), agent.site(), fileNames, digests.all()),
                    () -> new HeartbeatEmitter.LossCounters(counters.packets(), 0, 0, publisher.stats().lost()));

            long lastTs = feed(capture, pipeline, heartbeats, digests);
            pipeline.flush();
            if (lastTs != Long.MIN_VALUE) {
                // Everything is published now: the files' clock may advance to their last packet.
                heartbeats.emit(lastTs);
            }
            publisher.awaitHandedOver();
            ConfigException unreadable = digests.failure();
            if (unreadable != null) {
                throw unreadable;
            }
            progress.finish();
            publisher.close(agent.shutdownTimeout());
            List<String> damaged = capture.damage().stream()
                    .map(d -> config.files().get(d.source()) + ": " + d.reason()).toList();
            damaged.forEach(d -> LOG.warn("capture file ended early: {}", d));
            return new ReplayResult(counters.packets(), counters.summaries(), publisher.stats(), heartbeats.emitted(),
                    counters.malformed(), damaged, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            publisher.close(Duration.ZERO);
        }
    }

    private long feed(MergedCapture capture, SummaryPipeline pipeline, HeartbeatEmitter heartbeats, FileDigests digests) {
        ReplaySpeed speed = config.speed();
        long firstTs = Long.MIN_VALUE;
        long lastTs = Long.MIN_VALUE;
        long wallStart = 0;
        long packets = 0;
        long bytes = 0;
        while (!stopRequested && !digests.anyFailed() && capture.next()) {
            PacketView frame = capture.packet();
            long ts = frame.tsMicros();
            if (firstTs == Long.MIN_VALUE) {
                firstTs = ts;
                wallStart = System.nanoTime();
            }
            if (!speed.isMax()) {
                pace(wallStart, ts - firstTs, speed, publisher);
            }
            pipeline.onFrame(frame, capture.source());
            lastTs = Math.max(lastTs, ts);
            heartbeats.onClock(Math.min(lastTs, pipeline.earliestHeldBackMicros()));
            packets++;
            bytes += frame.capturedLength() + RECORD_OVERHEAD_ESTIMATE;
            progress.update(packets, bytes);
        }
        return lastTs;
    }

    /** Sleeps until the wall clock catches up with the capture clock divided by the speed factor. */
    private static void pace(long wallStart, long captureElapsedMicros, ReplaySpeed speed, SummaryPublisher publisher) {
        long due = wallStart + (long) (captureElapsedMicros * 1_000 / speed.factor());
        long ahead = due - System.nanoTime();
        if (ahead > MIN_SLEEP_NANOS) {
            // What was published so far leaves now, not after the pause with the next batch.
            publisher.flush();
            LockSupport.parkNanos(ahead);
        }
    }

    /**
     * Learns the topic's partitions, asking again within the start-up timeout: one metadata request may
     * take longer than max.block.ms on a loaded host while the broker is there.
     */
    private static void startPublisher(SummaryPublisher publisher, AgentConfig agent) {
        long deadline = System.nanoTime() + agent.startupTimeout().toNanos();
        while (true) {
            try {
                publisher.start();
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw notAvailable(agent, e);
                }
            } catch (KafkaException e) {
                throw notAvailable(agent, e);
            }
        }
    }

    private static ConfigException notAvailable(AgentConfig agent, KafkaException e) {
        return new ConfigException("topic " + agent.topic() + " is not available at " + agent.bootstrapServers()
                + ": " + e.getMessage());
    }

    private static List<CaptureReader> openAll(List<Path> files) {
        List<CaptureReader> readers = new ArrayList<>();
        for (Path file : files) {
            try {
                readers.add(CaptureReader.open(file));
            } catch (CaptureFileException e) {
                readers.forEach(CaptureReader::close);
                throw new ConfigException("cannot read capture file " + file + ": " + e.getMessage());
            }
        }
        return readers;
    }

    private static long totalBytes(List<Path> files) {
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                // only the progress estimate suffers; the open reports the real problem
            }
        }
        return total;
    }
}
