package io.tunnelwatch.agent.live;

import io.tunnelwatch.agent.config.AgentConfig;
import io.tunnelwatch.agent.config.CaptureConfig;
import io.tunnelwatch.agent.config.ConfigException;
import io.tunnelwatch.agent.decode.PacketDecoder;
import io.tunnelwatch.agent.metrics.AgentHealth;
import io.tunnelwatch.agent.metrics.CaptureLoss;
import io.tunnelwatch.agent.publish.HeartbeatEmitter;
import io.tunnelwatch.agent.publish.PipelineCounters;
import io.tunnelwatch.agent.publish.PublisherStats;
import io.tunnelwatch.agent.publish.SourceHeaders;
import io.tunnelwatch.agent.publish.SummaryMapper;
import io.tunnelwatch.agent.publish.SummaryPipeline;
import io.tunnelwatch.agent.publish.SummaryPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.Pcaps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live capture on one or more interfaces into Kafka. Each interface has its own capture thread,
 * decoder and aggregator; one timer thread closes aggregates on the wall clock, reads libpcap's drop
 * counters and sends heartbeats; one publisher (with its bounded queue) serves them all.
 *
 * <p>Stopping ({@link #stop()}, from SIGTERM) breaks every loop, flushes every open aggregate, sends a
 * last heartbeat and waits a bounded time for Kafka to take what is queued.
 */
public final class LiveCapture {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCapture.class);
    /** How often the timer closes aggregates and checks heartbeats: fine enough for a 1 s interval. */
    private static final long TICK_MILLIS = 100;
    /**
     * Heartbeats claim a capture clock this far behind the wall clock, because frames still in
     * libpcap's buffer carry earlier times (immediate mode keeps this small).
     */
    private static final long HEARTBEAT_GRACE_MICROS = 500_000;
    private static final int READ_TIMEOUT_MILLIS = 100;

    private final CaptureConfig config;
    private final SummaryPublisher publisher;
    private final PipelineCounters counters = new PipelineCounters();
    private final AtomicLong captureSeq = new AtomicLong();
    private final List<InterfaceCapture> captures = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tunnelwatch-capture-timer");
        thread.setDaemon(true);
        return thread;
    });
    private HeartbeatEmitter heartbeats;
    private String filter;
    private volatile boolean stopped;

    public LiveCapture(CaptureConfig config, Producer<byte[], byte[]> producer) {
        this.config = config;
        this.publisher = new SummaryPublisher(producer, config.agent().topic(), SummaryPublisher.WhenFull.DROP,
                config.agent().queueCapacity());
    }

    /**
     * Checks that libpcap is installed and every configured interface exists, before anything talks to
     * Kafka, so a typo in an interface name is the error reported (one line naming the available ones).
     */
    public static void checkInterfaces(CaptureConfig config) {
        if (PcapLibrary.configure().isEmpty()) {
            throw new ConfigException("libpcap is not installed (looked for libpcap.so, libpcap.so.1, libpcap.so.0.8); "
                    + "install it, e.g. apt-get install libpcap0.8");
        }
        for (String iface : config.interfaces()) {
            device(iface);
        }
    }

    /** Opens every interface (configuration errors are {@link ConfigException}s), then starts capturing. */
    public synchronized void start() {
        if (stopped) {
            throw new IllegalStateException("capture already stopped");
        }
        AgentConfig agent = config.agent();
        if (PcapLibrary.configure().isEmpty()) {
            throw new ConfigException("libpcap is not installed (looked for libpcap.so, libpcap.so.1, libpcap.so.0.8); "
                    + "install it, e.g. apt-get install libpcap0.8");
        }
        filter = config.filterOverride().orElse(CaptureFilter.build(agent.ports(), config.gateways()));
        List<Header> headers = SourceHeaders.live(agent.agentId(), agent.site());
        List<List<Header>> headersBySource = new ArrayList<>();
        for (int i = 0; i < config.interfaces().size(); i++) {
            headersBySource.add(headers);
        }
        try {
            for (int i = 0; i < config.interfaces().size(); i++) {
                String iface = config.interfaces().get(i);
                SummaryPipeline pipeline = new SummaryPipeline(new PacketDecoder(), new SummaryMapper(agent.ports()),
                        agent.aggregation(), publisher, counters, captureSeq, headersBySource);
                captures.add(new InterfaceCapture(iface, i, open(iface), pipeline));
            }
            publisher.start();
        } catch (ConfigException | KafkaException e) {
            captures.forEach(InterfaceCapture::close);
            if (e instanceof KafkaException) {
                throw new ConfigException("topic " + agent.topic() + " is not available at " + agent.bootstrapServers()
                        + ": " + e.getMessage());
            }
            throw e;
        }
        heartbeats = new HeartbeatEmitter(publisher, agent.heartbeatInterval(), headers, this::lossCounters);
        for (InterfaceCapture capture : captures) {
            Thread thread = new Thread(capture, "tunnelwatch-capture-" + capture.iface());
            threads.add(thread);
            thread.start();
        }
        timer.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("capturing on {} with filter: {}", config.interfaces(), filter);
    }

    /** Breaks the capture loops, flushes aggregates, sends a last heartbeat, and closes the publisher. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        captures.forEach(InterfaceCapture::breakLoop);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refreshLosses();
        for (InterfaceCapture capture : captures) {
            synchronized (capture.pipeline()) {
                capture.pipeline().flush();
            }
        }
        if (heartbeats != null) {
            heartbeats.emit(nowMicros());
        }
        publisher.close(config.agent().shutdownTimeout());
        captures.forEach(InterfaceCapture::close);
        PublisherStats stats = publisher.stats();
        LOG.info("capture stopped: {} packets, {} summaries, {} published, {} lost",
                counters.packets(), counters.summaries(), stats.acknowledged(), stats.lost());
    }

    /** False once every capture loop has ended (stopped, or failed: see the log and {@link #health()}). */
    public boolean capturing() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    public String filter() {
        return filter;
    }

    public PipelineCounters counters() {
        return counters;
    }

    public SummaryPublisher publisher() {
        return publisher;
    }

    public List<CaptureLoss> losses() {
        return captures.stream().map(InterfaceCapture::lastLoss).toList();
    }

    public long heartbeatsEmitted() {
        return heartbeats == null ? 0 : heartbeats.emitted();
    }

    /** DOWN when a capture thread died, DEGRADED while summaries are being lost or queued up, else UP. */
    public AgentHealth health() {
        for (InterfaceCapture capture : captures) {
            if (capture.failed() || (capture.finished() && !stopped)) {
                return new AgentHealth(AgentHealth.Status.DOWN, "capture on " + capture.iface() + " stopped");
            }
        }
        PublisherStats stats = publisher.stats();
        if (stats.queueCapacity() > 0 && stats.queued() * 2 > stats.queueCapacity()) {
            return new AgentHealth(AgentHealth.Status.DEGRADED, "Kafka is not keeping up: queue "
                    + stats.queued() + "/" + stats.queueCapacity());
        }
        return new AgentHealth(AgentHealth.Status.UP, "capturing on " + config.interfaces()
                + ", " + stats.acknowledged() + " published, " + stats.lost() + " lost");
    }

    private static PcapNetworkInterface device(String iface) {
        PcapNetworkInterface device;
        try {
            device = Pcaps.getDevByName(iface);
        } catch (PcapNativeException e) {
            throw new ConfigException("cannot list capture interfaces: " + e.getMessage());
        }
        if (device == null) {
            throw new ConfigException("unknown interface '" + iface + "' (available: " + availableInterfaces() + ")");
        }
        return device;
    }

    private PcapHandle open(String iface) {
        device(iface);
        try {
            PcapHandle handle = new PcapHandle.Builder(iface)
                    .snaplen(config.snaplen())
                    .promiscuousMode(config.promiscuous() ? PromiscuousMode.PROMISCUOUS : PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MILLIS)
                    .bufferSize(config.bufferBytes())
                    .immediateMode(true)
                    .timestampPrecision(TimestampPrecision.MICRO)
                    .build();
            try {
                handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | org.pcap4j.core.NotOpenException e) {
                handle.close();
                throw new ConfigException("bad capture filter '" + filter + "': " + e.getMessage());
            }
            return handle;
        } catch (PcapNativeException e) {
            throw new ConfigException("cannot capture on " + iface + ": " + e.getMessage()
                    + " (needs root or CAP_NET_RAW and CAP_NET_ADMIN, see docs/agent.md)");
        }
    }

    private static String availableInterfaces() {
        try {
            return String.join(", ", Pcaps.findAllDevs().stream().map(PcapNetworkInterface::getName).toList());
        } catch (PcapNativeException e) {
            return "unknown";
        }
    }

    private void tick() {
        try {
            long now = nowMicros();
            long heldBack = Long.MAX_VALUE;
            for (InterfaceCapture capture : captures) {
                synchronized (capture.pipeline()) {
                    capture.pipeline().advanceTo(now);
                    heldBack = Math.min(heldBack, capture.pipeline().earliestHeldBackMicros());
                }
            }
            refreshLosses();
            heartbeats.onClock(Math.min(now - HEARTBEAT_GRACE_MICROS, heldBack));
        } catch (RuntimeException e) {
            LOG.error("capture timer: {}", e.toString(), e);
        }
    }

    private void refreshLosses() {
        captures.forEach(InterfaceCapture::refreshLoss);
    }

    private HeartbeatEmitter.LossCounters lossCounters() {
        long kernel = 0;
        long iface = 0;
        for (InterfaceCapture capture : captures) {
            kernel += capture.lastLoss().kernelDrops();
            iface += capture.lastLoss().interfaceDrops();
        }
        return new HeartbeatEmitter.LossCounters(counters.packets(), kernel, iface, publisher.stats().lost());
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** The duration stop() may take at most, for a shutdown hook's patience. */
    public Duration stopTimeout() {
        return config.agent().shutdownTimeout().plusSeconds(15);
    }
}
