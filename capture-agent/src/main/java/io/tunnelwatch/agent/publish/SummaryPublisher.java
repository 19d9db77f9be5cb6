package io.tunnelwatch.agent.publish;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands summaries and heartbeats to a Kafka {@link Producer} without ever losing one silently.
 *
 * <p>The caller only puts each record in a bounded queue, which a sender thread drains into the producer in
 * order, so the caller's thread does not pay for the producer's batching and compression. Two ways to wait
 * when Kafka is slow or away ({@link WhenFull}):
 * <ul>
 *   <li>{@code DROP} (live capture): the producer's own buffer ({@code buffer.memory}) and the queue ride
 *       out an outage; when both are full, new summaries are dropped and counted. The capture thread
 *       never waits for the network.</li>
 *   <li>{@code BLOCK} (replay): the caller waits for room in the queue, since a file can wait. Records go
 *       over in batches (one hand-over, one wake-up of the sender per batch, not per record): the caller
 *       hands over a partial batch with {@link #flush()} before it pauses (a paced replay).</li>
 * </ul>
 * Headers are read on the sender thread, when the record is handed to the producer: a replay's headers
 * may wait there for the file's SHA-256 while the reading thread goes on.
 * A send that times out waiting for buffer space ({@code max.block.ms}) is retried, not dropped, so
 * the bound is the memory configured, not a timeout. The Kafka client reconnects by itself; failures
 * it reports in callbacks are counted. {@link #stats()} says where every summary went.
 */
public final class SummaryPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryPublisher.class);
    private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(60);
    private static final long HAND_OVER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Records per hand-over in BLOCK mode: enough to make the hand-over cost vanish, small beside the queue. */
    private static final int BATCH = 256;

    public enum WhenFull { DROP, BLOCK }

    /** A record waiting in the queue; {@code partition} is null for a summary (the key decides). */
    private record Outgoing(Integer partition, byte[] key, byte[] value, long timestampMillis,
                            Iterable<Header> headers, boolean heartbeat) {}

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final WhenFull whenFull;
    private final int queueCapacity;
    /** Batches of records; a batch is a single record in DROP mode. */
    private final BlockingQueue<Outgoing[]> queue;
    /** BLOCK mode: the batch being filled by the publishing thread, guarded by itself. */
    private final Batch filling = new Batch();
    private final Thread sender;

    private final AtomicLong offered = new AtomicLong();
    /** Records queued, and records the sender is done with (handed to the producer, or counted as lost). */
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong heartbeatsAcknowledged = new AtomicLong();
    private final AtomicLong heartbeatsLost = new AtomicLong();
    private final AtomicLong lastErrorLogNanos = new AtomicLong(System.nanoTime() - ERROR_LOG_INTERVAL_NANOS);
    private final AtomicLong errorsSinceLog = new AtomicLong();
    private final AtomicLong lastBlockedLogNanos = new AtomicLong(System.nanoTime() - ERROR_LOG_INTERVAL_NANOS);

    private volatile int partitionCount;
    private volatile long partitionsCheckedNanos;
    /** No new records are taken; the sender still drains its queue. */
    private volatile boolean closing;
    /** The close deadline passed: records still waiting for buffer space are dropped and counted. */
    private volatile boolean abandoning;
    private volatile boolean closed;

    public SummaryPublisher(Producer<byte[], byte[]> producer, String topic, WhenFull whenFull, int queueCapacity) {
        this.producer = producer;
        this.topic = topic;
        this.whenFull = whenFull;
        this.queueCapacity = queueCapacity;
        this.queue = new ArrayBlockingQueue<>(whenFull == WhenFull.BLOCK ? Math.max(1, queueCapacity / BATCH) : queueCapacity);
        this.sender = new Thread(this::drainQueue, "tunnelwatch-kafka-sender");
        sender.setDaemon(true);
    }

    /**
     * Learns the topic's partitions (blocks up to the producer's max.block.ms) and starts the sender.
     *
     * @throws KafkaException when the topic's metadata cannot be had
     */
    public void start() {
        refreshPartitions();
        sender.start();
    }

    public String topic() {
        return topic;
    }

    /** Partitions of the topic, as last learned; heartbeats go to each. */
    public int partitionCount() {
        return partitionCount;
    }

    /**
     * Publishes one summary keyed by its tunnel (the producer's partitioner picks the partition from the key).
     *
     * @return false when it was dropped (queue full or publisher closed); the drop is counted
     */
    public boolean publish(byte[] key, byte[] value, long timestampMillis, Iterable<Header> headers) {
        offered.incrementAndGet();
        return submit(new Outgoing(null, key, value, timestampMillis, headers, false));
    }

    /** Publishes a heartbeat to one partition; a lost heartbeat is counted apart from summaries. */
    public boolean publishHeartbeat(int partition, byte[] key, byte[] value, long timestampMillis, Iterable<Header> headers) {
        return submit(new Outgoing(partition, key, value, timestampMillis, headers, true));
    }

    /**
     * Stops waiting for Kafka: from now on a record the producer cannot take at once is dropped and
     * counted instead of retried. For a stop request while Kafka is away (a replay would wait forever).
     */
    public void stopWaitingForKafka() {
        abandoning = true;
    }

    /**
     * Waits until the sender is done with every record queued so far: handed to the producer, or counted as
     * lost. Returns early once {@link #stopWaitingForKafka()} was called. The end of a replay, before
     * {@link #close(Duration)} gives the producer its deadline.
     */
    public void awaitHandedOver() {
        flush();
        while (handled.get() < queued.get() && !abandoning && sender.isAlive()) {
            LockSupport.parkNanos(HAND_OVER_POLL_NANOS);
        }
    }

    public PublisherStats stats() {
        // Read the outcome counters before offered, so a concurrent publish never makes the sum exceed it.
        long ack = acknowledged.get();
        long fail = failed.get();
        long drop = dropped.get();
        long waiting = Math.max(0, queued.get() - handled.get());
        return new PublisherStats(Math.max(offered.get(), ack + fail + drop + waiting), ack, fail, drop, waiting,
                queueCapacity, heartbeatsAcknowledged.get(), heartbeatsLost.get());
    }

    /** Waits up to {@code timeout} for what is queued and buffered to reach Kafka, then closes the producer. */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        handOverLastBatch(timeout);
        closing = true;
        if (sender.isAlive()) {
            joinSender(timeout.toMillis());
            abandoning = true;
            sender.interrupt();
            joinSender(1_000);
        }
        abandoning = true;
        dropQueued();
        closed = true;
        long remaining = Math.max(0, deadline - System.nanoTime());
        try {
            // Whatever Kafka has not confirmed by then fails its callback, and is counted there.
            producer.close(Duration.ofNanos(remaining));
        } catch (KafkaException e) {
            LOG.warn("Kafka producer did not close cleanly: {}", e.toString());
        }
        PublisherStats stats = stats();
        if (stats.lost() > 0) {
            LOG.warn("{} summaries were not delivered to {} ({} dropped by the agent, {} failed in Kafka)",
                    stats.lost(), topic, stats.dropped(), stats.failed());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private void joinSender(long millis) {
        try {
            sender.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean submit(Outgoing record) {
        if (closing) {
            countDropped(record.heartbeat());
            return false;
        }
        if (whenFull == WhenFull.BLOCK) {
            synchronized (filling) {
                queued.incrementAndGet();
                if (filling.add(record)) {
                    handOver(filling.take());
                }
            }
            return true;
        }
        if (!queue.offer(new Outgoing[] {record})) {
            countDropped(record.heartbeat());
            return false;
        }
        queued.incrementAndGet();
        return true;
    }

    /**
     * BLOCK mode: hands the records batched so far to the sender now, waiting for room. The publishing
     * thread calls it before it pauses, so nothing waits in a partial batch meanwhile.
     */
    public void flush() {
        if (whenFull != WhenFull.BLOCK) {
            return;
        }
        synchronized (filling) {
            if (!filling.isEmpty()) {
                handOver(filling.take());
            }
        }
    }

    /** The partial batch at close, if there is room for it within the close deadline; else counted as dropped. */
    private void handOverLastBatch(Duration timeout) {
        synchronized (filling) {
            if (filling.isEmpty()) {
                return;
            }
            Outgoing[] last = filling.take();
            try {
                if (!sender.isAlive() || !queue.offer(last, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    countDropped(last);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                countDropped(last);
            }
        }
    }

    /** Waits for room in the queue; a batch that cannot be handed over (interrupted) is counted as dropped. */
    private void handOver(Outgoing[] batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            countDropped(batch);
        }
    }

    private void drainQueue() {
        try {
            while (!closing || !queue.isEmpty()) {
                Outgoing[] next = queue.poll(100, TimeUnit.MILLISECONDS);
                for (int i = 0; next != null && i < next.length; i++) {
                    if (Thread.currentThread().isInterrupted()) {
                        // Given up (close deadline): the rest of the batch is counted as dropped.
                        countDropped(Arrays.copyOfRange(next, i, next.length));
                        throw new InterruptedException("publisher closed");
                    }
                    send(next[i]);
                    handled.incrementAndGet();
                }
                if (System.nanoTime() - partitionsCheckedNanos > PARTITION_REFRESH.toNanos()) {
                    refreshPartitionsQuietly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands one record to the producer, retrying while its buffer is full; false when given up (closing). */
    private boolean send(Outgoing outgoing) {
        boolean heartbeat = outgoing.heartbeat();
        ProducerRecord<byte[], byte[]> record;
        try {
            Iterable<Header> headers = outgoing.headers() instanceof PendingHeaders pending ? pending.await()
                    : outgoing.headers();
            record = new ProducerRecord<>(topic, outgoing.partition(), outgoing.timestampMillis(), outgoing.key(),
                    outgoing.value(), headers);
        } catch (MissingHeaderException e) {
            // A replayed file's provenance could not be had: the record is never sent without it.
            countFailed(heartbeat, e);
            return false;
        }
        while (true) {
            Delivery delivery = new Delivery(heartbeat, Thread.currentThread());
            try {
                producer.send(record, delivery);
            } catch (InterruptException e) {
                countDropped(heartbeat);
                Thread.currentThread().interrupt();
                return false;
            } catch (KafkaException | IllegalStateException e) {
                // Not retriable here (producer closed or in a fatal state): counted, never thrown.
                delivery.rejectedBySend = e;
            }
            Exception rejected = delivery.rejectedBySend;
            if (rejected == null) {
                return true;
            }
            if (!(rejected instanceof TimeoutException) || abandoning) {
                // A timeout after the close deadline, or a record Kafka will never take (too large...): counted.
                if (rejected instanceof TimeoutException) {
                    countDropped(heartbeat);
                } else {
                    countFailed(heartbeat, rejected);
                }
                return false;
            }
            // Kafka's buffer.memory is full (broker away) or the topic's metadata is missing: hold this
            // record and try again; meanwhile the queue in front absorbs the capture, then drops.
            long now = System.nanoTime();
            long last = lastBlockedLogNanos.get();
            if (now - last >= ERROR_LOG_INTERVAL_NANOS && lastBlockedLogNanos.compareAndSet(last, now)) {
                LOG.warn("Kafka producer buffer full or {} unreachable; holding summaries ({})", topic, rejected.getMessage());
            }
        }
    }

    /**
     * The outcome of one send. Kafka reports a record it did not even accept (buffer full, no metadata
     * within max.block.ms) through the callback, on the sending thread, before send() returns; such a
     * record is retried rather than counted as failed. Everything else arrives on Kafka's I/O thread.
     */
    private final class Delivery implements Callback {
        private final boolean heartbeat;
        private final Thread sendingThread;
        Exception rejectedBySend;

        Delivery(boolean heartbeat, Thread sendingThread) {
            this.heartbeat = heartbeat;
            this.sendingThread = sendingThread;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null && Thread.currentThread() == sendingThread) {
                rejectedBySend = exception;
            } else if (exception != null) {
                countFailed(heartbeat, exception);
            } else if (heartbeat) {
                heartbeatsAcknowledged.incrementAndGet();
            } else {
                acknowledged.incrementAndGet();
            }
        }
    }

    private void countFailed(boolean heartbeat, Exception exception) {
        if (heartbeat) {
            heartbeatsLost.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
        logError(exception);
    }

    private void countDropped(Outgoing[] records) {
        for (Outgoing record : records) {
            countDropped(record.heartbeat());
            handled.incrementAndGet();
        }
    }

    /** Records gathered for one hand-over to the sender (BLOCK mode). */
    private static final class Batch {
        private Outgoing[] records = new Outgoing[BATCH];
        private int size;

        /** Adds a record; true when the batch is full. */
        boolean add(Outgoing record) {
            records[size++] = record;
            return size == BATCH;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** The records gathered, as an array of their own; the batch starts empty again. */
        Outgoing[] take() {
            Outgoing[] taken = size == BATCH ? records : Arrays.copyOf(records, size);
            records = new Outgoing[BATCH];
            size = 0;
            return taken;
        }
    }

    private void countDropped(boolean heartbeat) {
        if (heartbeat) {
            heartbeatsLost.incrementAndGet();
        } else {
            dropped.incrementAndGet();
        }
    }

    private void dropQueued() {
        Outgoing[] left;
        while ((left = queue.poll()) != null) {
            countDropped(left);
        }
        synchronized (filling) {
            countDropped(filling.take());
        }
    }

    /** At most one error line a minute, with the count since the last one: an outage must not flood the log. */
    private void logError(Exception e) {
        long count = errorsSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastErrorLogNanos.get();
        if (now - last >= ERROR_LOG_INTERVAL_NANOS && lastErrorLogNanos.compareAndSet(last, now)) {
            errorsSinceLog.set(0);
            LOG.warn("Kafka publish error on {} ({} since the last report): {}", topic, count, e.toString());
        }
    }

    private void refreshPartitions() {
        partitionCount = producer.partitionsFor(topic).size();
        partitionsCheckedNanos = System.nanoTime();
    }

    private void refreshPartitionsQuietly() {
        try {
            refreshPartitions();
        } catch (KafkaException e) {
            partitionsCheckedNanos = System.nanoTime();
            LOG.debug("could not refresh the partitions of {}: {}", topic, e.toString());
        }
    }
}
