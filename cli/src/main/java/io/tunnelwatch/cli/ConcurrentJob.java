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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The correlation job running beside the replay, on its own MiniCluster, so that correlating
 * overlaps reading the capture instead of waiting for it.
 *
 * <p>The job reads the summaries topic without an end while the agent writes it. Once the replay is
 * done and the job's source has emitted the last record of every partition ({@link SourceProgress}),
 * the job is stopped with drain: Flink's end of input for an unbounded source. The sources send the
 * maximum watermark, every pending deadline fires, the sinks flush, and the job finishes with exactly
 * the outputs the bounded job gives when started after the replay. No periodic checkpoints: nothing
 * is restarted here, and back-to-back checkpoints slowed the job by a third.
 */
final class ConcurrentJob implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration TASKS_RUNNING_TIMEOUT = Duration.ofSeconds(60);

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
     * the replay at once. {@code config} must be unbounded.
     */
    static ConcurrentJob submit(JobConfig config, int parallelism) throws IOException {
        if (config.bounded()) {
            throw new IllegalArgumentException("the concurrent job reads without an end; it is ended by finish()");
        }
        Path savepoints = Files.createTempDirectory("tunnelwatch-savepoint");
        CompletableFuture<JobClient> client = CompletableFuture.supplyAsync(() -> {
            try {
                Configuration flink = new Configuration();
                flink.setString(SourceProgress.REPORTER_KEY, SourceProgress.Factory.class.getName());
                StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
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
        Map<Integer, Long> end;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            end = endOffsets(admin);
        }
        while (!hasRead(end)) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                throw new IllegalStateException("the correlation job stopped before reading all summaries");
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
        endInput(job);
        job.getJobExecutionResult().get();
    }

    /**
     * Stops the job with drain. A savepoint needs every task running: with nothing to read (an empty
     * capture) the end can come while the tasks are still being deployed, so it is asked again until
     * they run.
     */
    private void endInput(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TASKS_RUNNING_TIMEOUT.toNanos();
        while (true) {
            try {
                job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
                return;
            } catch (ExecutionException e) {
                if (!ExceptionUtils.findThrowable(e, CheckpointException.class).isPresent()
                        || job.getJobStatus().get().isGloballyTerminalState() || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
        }
    }

    /** Per partition of the summaries topic, the offset the next record would get. */
    private Map<Integer, Long> endOffsets(Admin admin) throws ExecutionException, InterruptedException {
        String topic = config.summariesTopic();
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    /** How many records the job's source has emitted so far, over the partitions it has started reading. */
    long recordsRead(int partitions) {
        long read = 0;
        for (int partition = 0; partition < partitions; partition++) {
            read += SourceProgress.currentOffset(config.summariesTopic(), partition) + 1;
        }
        return read;
    }

    /** The source has emitted the record before {@code end} on every partition that has one. */
    private boolean hasRead(Map<Integer, Long> end) {
        return end.entrySet().stream().allMatch(e ->
                e.getValue() == 0 || SourceProgress.currentOffset(config.summariesTopic(), e.getKey()) >= e.getValue() - 1);
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
