package io.tunnelwatch.job;

import java.time.Duration;
import java.util.Map;

import io.tunnelwatch.correlation.CorrelationConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the correlation job is told, parsed once (by {@link CorrelationJobCommand}) and
 * checked here; nothing reads flags, files or the environment after this.
 *
 * @param bootstrapServers       Kafka {@code bootstrap.servers}
 * @param summariesTopic         input: the agents' summaries
 * @param alertsTopic            output: failed attempts
 * @param tunnelEventsTopic      output: tunnel established / closed
 * @param deadLetterTopic        output: input records that could not be read
 * @param groupId                consumer group (offsets are committed on checkpoints)
 * @param startFrom              where to start reading when the group has no offsets, or always
 * @param bounded                forensics mode: read up to the end offsets found at start, then finish
 * @param outOfOrderness         how late a summary may arrive behind the newest one of its partition
 * @param sourceIdleness         a partition silent this long (processing time) stops holding event time
 * @param correlation            the contract's settings: gateways, VPN ports, the six timeouts
 * @param checkpointInterval     zero: no checkpoints (and at-least-once output)
 * @param stateBackend           where keyed state lives
 * @param checkpointDirectory    URI for checkpoints (empty: the JobManager's memory; fine for tests only)
 * @param transactionalIdPrefix  prefix of the exactly-once sinks' Kafka transactional ids
 * @param transactionTimeout     Kafka transaction timeout; must not exceed the broker's
 *                               {@code transaction.max.timeout.ms} (15 min by default)
 * @param parallelism            0: the environment's default
 * @param kafkaProperties        extra Kafka client properties for source and sinks (security, ...)
 */
public record JobConfig(
        String bootstrapServers,
        String summariesTopic,
        String alertsTopic,
        String tunnelEventsTopic,
        String deadLetterTopic,
        String groupId,
        StartFrom startFrom,
        boolean bounded,
        Duration outOfOrderness,
        Duration sourceIdleness,
        CorrelationConfig correlation,
        Duration checkpointInterval,
        StateBackendKind stateBackend,
        String checkpointDirectory,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        int parallelism,
        Map<String, String> kafkaProperties) {

    /** Where the source starts. */
    public enum StartFrom {
        /** The group's committed offsets, or the earliest where it has none. */
        COMMITTED,
        EARLIEST,
        LATEST
    }

    /** Keyed state on the JVM heap, or in RocksDB on local disk for millions of tunnels. */
    public enum StateBackendKind {
        HEAP("hashmap"),
        ROCKSDB("rocksdb");

        private final String flinkName;

        StateBackendKind(String flinkName) {
            this.flinkName = flinkName;
        }

        /** The value of Flink's {@code state.backend.type}. */
        public String flinkName() {
            return flinkName;
        }
    }

    public JobConfig {
        requireText(bootstrapServers, "bootstrap servers");
        requireText(summariesTopic, "summaries topic");
        requireText(alertsTopic, "alerts topic");
        requireText(tunnelEventsTopic, "tunnel-events topic");
        requireText(deadLetterTopic, "dead-letter topic");
        requireText(groupId, "consumer group id");
        requireText(transactionalIdPrefix, "transactional id prefix");
        if (startFrom == null || stateBackend == null || correlation == null) {
            throw new IllegalArgumentException("start position, state backend and correlation settings must be given");
        }
        requireNotNegative(outOfOrderness, "out-of-orderness");
        requirePositive(sourceIdleness, "source idleness");
        requireNotNegative(checkpointInterval, "checkpoint interval");
        requirePositive(transactionTimeout, "transaction timeout");
        if (!checkpointInterval.isZero() && transactionTimeout.compareTo(checkpointInterval) <= 0) {
            throw new IllegalArgumentException("transaction timeout (" + transactionTimeout
                    + ") must be longer than the checkpoint interval (" + checkpointInterval
                    + "), or open transactions expire before they are committed");
        }
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism must be 0 (default) or positive, was " + parallelism);
        }
        checkpointDirectory = checkpointDirectory == null ? "" : checkpointDirectory;
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    public boolean checkpointing() {
        return !checkpointInterval.isZero();
    }

    /** Exactly-once needs checkpoints to commit its transactions; without them, at-least-once. */
    public DeliveryGuarantee deliveryGuarantee() {
        return checkpointing() ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    private static void requireNotNegative(Duration value, String what) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or more, was " + value);
        }
    }

    private static void requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }
}
