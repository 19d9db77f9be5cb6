package io.tunnelwatch.cli;

import io.tunnelwatch.job.CorrelationJob;
import io.tunnelwatch.job.JobConfig;
import io.tunnelwatch.job.KafkaIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The correlation job running beside the replay, on its own MiniCluster, so that correlating
 * overlaps reading the capture instead of waiting for it.
 *
 * <p>The job reads the summaries topic without an end while the agent writes it, and checkpoints
 * often; each checkpoint commits the source's position to the job's consumer group. Once the
 * replay is done and the group's committed position has reached the topic's end offsets, the job
 * is stopped with drain: Flink's end of input for an unbounded source. The sources send the
 * maximum watermark, every pending deadline fires, the sinks commit, and the job finishes with
 * exactly the outputs the bounded job gives when started after the replay.
 */
final class ConcurrentJob implements AutoCloseable {
    /** Often enough that the end is seen soon after the replay; each checkpoint is small. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(300);
    private static final Duration POLL = Duration.ofMillis(100);

    private final JobConfig config;
    private final CompletableFuture<JobClient> client;
    private final Path savepoints;

    private ConcurrentJob(JobConfig config, CompletableFuture<JobClient> client, Path savepoints) {
        this.config = config;
        this.client = client;
        this.savepoints = savepoints;
    }

    /**
     * Starts the MiniCluster and submits the job on a thread of its own, so the caller can start
     * the replay at once. {@code config} must be unbounded, with checkpoints.
     */
    static ConcurrentJob submit(JobConfig config, int parallelism) throws IOException {
        if (config.bounded() || !config.checkpointing()) {
            throw new IllegalArgumentException("the concurrent job reads without an end and needs checkpoints");
        }
        Path savepoints = Files.createTempDirectory("tunnelwatch-savepoint");
        CompletableFuture<JobClient> client = CompletableFuture.supplyAsync(() -> {
            try {
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.createLocalEnvironment(parallelism, new Configuration());
                CorrelationJob.build(env, KafkaIo.of(config), config);
                return env.executeAsync("tunnelwatch local");
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the correlation job: " + e.getMessage(), e);
            }
        });
        return new ConcurrentJob(config, client, savepoints);
    }

    /**
     * Waits until the job has read the summaries topic up to its current end (the replay is done, so
     * nothing more comes), then ends its input and waits for it to finish.
     */
    void finish(String bootstrapServers) throws Exception {
        JobClient job = client.get();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, Long> end = endOffsets(admin);
            while (!hasRead(admin, end)) {
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    job.getJobExecutionResult().get(); // throws the job's failure
                    throw new IllegalStateException("the correlation job stopped before reading all summaries");
                }
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
        }
        job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        job.getJobExecutionResult().get();
    }

    private Map<TopicPartition, Long> endOffsets(Admin admin) throws ExecutionException, InterruptedException {
        var partitions = admin.describeTopics(java.util.List.of(config.summariesTopic())).allTopicNames().get()
                .get(config.summariesTopic()).partitions().stream()
                .map(p -> new TopicPartition(config.summariesTopic(), p.partition()))
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The job's checkpointed position, committed to its group, has reached {@code end} on every partition. */
    private boolean hasRead(Admin admin, Map<TopicPartition, Long> end) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().get();
        return end.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata position = committed.get(e.getKey());
            return e.getValue() == 0 || position != null && position.offset() >= e.getValue();
        });
    }

    /** Cancels the job if it is still running (a failed replay, Ctrl-C) and removes the savepoint. */
    @Override
    public void close() {
        try {
            JobClient job = client.get(60, TimeUnit.SECONDS);
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Never started, already gone or failed: its error, if any, was reported by finish().
        } finally {
            deleteQuietly(savepoints);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
