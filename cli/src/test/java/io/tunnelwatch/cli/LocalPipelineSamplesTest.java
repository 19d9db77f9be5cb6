package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.kafka.EmbeddedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole local pipeline on real parts (a Kafka broker, the agent's replay, the job on a Flink
 * MiniCluster) on every bundled sample: its alerts and tunnel events equal the sample's expected
 * outputs, line for line. Then all samples at once, whatever the parallelism and the partitions.
 * One broker serves the class; every run has its own topics.
 */
class LocalPipelineSamplesTest {

    private static final Path SAMPLES = Path.of("..", "samples");
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = SharedKafka.broker();
    }

    static Stream<Path> samples() throws Exception {
        return DemoCommand.captures(SAMPLES).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void shouldGiveEachSampleItsExpectedVerdicts(Path sample) throws Exception {
        LocalPipeline.Result result = run(List.of(sample), 1, 1);

        assertThat(result.deadLetters()).isEmpty();
        assertThat(ExpectedLines.of(result)).isEqualTo(ExpectedLines.expected(sample));
    }

    @Test
    void shouldGiveTheSameVerdictsOnAllSamplesWhateverTheParallelismAndPartitions() throws Exception {
        List<Path> all = DemoCommand.captures(SAMPLES);
        List<String> expected = new ArrayList<>();
        for (Path sample : all) {
            expected.addAll(ExpectedLines.expected(sample));
        }
        expected.sort(ExpectedLines.ORDER);

        for (int[] setting : new int[][] {{1, 1}, {2, 1}, {1, 4}, {2, 4}}) {
            LocalPipeline.Result result = run(all, setting[0], setting[1]);
            assertThat(ExpectedLines.of(result))
                    .as("parallelism %d, %d partitions", setting[0], setting[1])
                    .isEqualTo(expected);
            // The demo's table: one row per sample, the seed's tunnel the only one up.
            List<Verdicts.Row> rows = Verdicts.rows(result.alerts(), result.events());
            assertThat(rows).hasSize(all.size());
            assertThat(rows).filteredOn(row -> row.outcome().equals("ESTABLISHED"))
                    .extracting(Verdicts.Row::client).containsExactly("213.16.33.141");
        }
    }

    @Test
    void shouldCorrelateOnlyTrafficOfTheConfiguredGateways() throws Exception {
        Path sample = SAMPLES.resolve("ike-notify-error.pcap");

        LocalPipeline.Result elsewhere = run(List.of(sample), List.of("203.0.113.0/24"), 1, 1);
        LocalPipeline.Result here = run(List.of(sample), List.of("198.18.0.0/16"), 1, 1);

        assertThat(elsewhere.alerts()).as("the sample's gateway is not configured: nothing is correlated").isEmpty();
        assertThat(ExpectedLines.of(here)).isEqualTo(ExpectedLines.expected(sample));
    }

    private static LocalPipeline.Result run(List<Path> files, int parallelism, int partitions) throws Exception {
        return run(files, List.of(), parallelism, partitions);
    }

    private static LocalPipeline.Result run(List<Path> files, List<String> gateways, int parallelism, int partitions)
            throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LocalPipeline pipeline = new LocalPipeline(new PrintStream(progress, true, StandardCharsets.UTF_8), kafka,
                "-run" + RUNS.incrementAndGet());
        return pipeline.run(new LocalOptions(files, gateways, null, null, parallelism, partitions, false));
    }
}
