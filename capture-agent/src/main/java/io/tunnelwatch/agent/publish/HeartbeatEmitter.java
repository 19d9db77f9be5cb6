package io.tunnelwatch.agent.publish;

import io.tunnelwatch.summary.SummaryCodec;
import io.tunnelwatch.summary.v1.AgentRecord;
import io.tunnelwatch.summary.v1.Heartbeat;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;

/**
 * Publishes a heartbeat on every partition of the topic once per interval of the capture clock, so
 * the job's event time advances at quiet sites and it knows how much the agent failed to see.
 *
 * <p>The clock is the capture's: the packets' own time for a replay (so a replay at any speed gives
 * the same heartbeats), the system clock for a live capture. The caller never passes a clock beyond a
 * summary still held back (an open aggregate), and heartbeats never go backwards.
 */
public final class HeartbeatEmitter {
    private static final byte[] NO_KEY = new byte[0];

    /** Cumulative counters since the agent started, reported in every heartbeat. */
    public record LossCounters(long packetsCaptured, long kernelDrops, long interfaceDrops, long agentDrops) {}

    private final SummaryPublisher publisher;
    private final long intervalMicros;
    private final int intervalMillis;
    private final Iterable<Header> headers;
    private final Supplier<LossCounters> counters;
    private long nextDueMicros = Long.MIN_VALUE;
    private long lastClockMicros = Long.MIN_VALUE;
    private long emitted;

    /** @param headers immutable; read by the publisher's sender thread (a replay's may wait for the files' hashes) */
    public HeartbeatEmitter(SummaryPublisher publisher, Duration interval, Iterable<Header> headers,
                            Supplier<LossCounters> counters) {
        this.publisher = publisher;
        this.intervalMicros = Math.max(1, interval.toNanos() / 1_000);
        this.intervalMillis = (int) Math.min(Integer.MAX_VALUE, interval.toMillis());
        this.headers = headers;
        this.counters = counters;
    }

    /** Emits a heartbeat if the clock reached the next interval boundary; true when it did. */
    public synchronized boolean onClock(long clockMicros) {
        if (clockMicros < nextDueMicros) {
            return false;
        }
        emit(clockMicros);
        return true;
    }

    /** Emits a heartbeat now on every partition (start, end of input, stop). */
    public synchronized void emit(long clockMicros) {
        long clock = Math.max(clockMicros, lastClockMicros);
        lastClockMicros = clock;
        nextDueMicros = Math.floorDiv(clock, intervalMicros) * intervalMicros + intervalMicros;
        LossCounters loss = counters.get();
        byte[] value = SummaryCodec.encode(AgentRecord.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setCaptureClockMicros(clock)
                .setPacketsCaptured(loss.packetsCaptured())
                .setKernelDrops(loss.kernelDrops())
                .setInterfaceDrops(loss.interfaceDrops())
                .setAgentDrops(loss.agentDrops())
                .setIntervalMillis(intervalMillis)).build());
        long timestampMillis = Math.floorDiv(clock, 1_000);
        int partitions = publisher.partitionCount();
        for (int partition = 0; partition < partitions; partition++) {
            publisher.publishHeartbeat(partition, NO_KEY, value, timestampMillis, headers);
        }
        emitted++;
    }

    public synchronized long emitted() {
        return emitted;
    }

    public synchronized long lastClockMicros() {
        return lastClockMicros;
    }
}
