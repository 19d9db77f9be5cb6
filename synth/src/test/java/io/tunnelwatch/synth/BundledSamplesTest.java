package io.tunnelwatch.synth;

import io.tunnelwatch.synth.scenario.ExpectedEvent;
import io.tunnelwatch.synth.scenario.Scenario;
import io.tunnelwatch.synth.scenario.ScenarioGenerator;
import io.tunnelwatch.synth.seed.SeedTraceCapture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** samples/ holds exactly what `synth --samples samples` writes today: regenerated in memory and compared. */
class BundledSamplesTest {

    @Test
    void committedSamplesShouldEqualRegeneratedBytesAndExpectedOutputs() throws IOException {
        Path samples = RepositoryFiles.samplesDirectory();
        List<Scenario> scenarios = BundledSamples.failureScenarios();
        for (int index = 0; index < scenarios.size(); index++) {
            Scenario scenario = scenarios.get(index);
            ByteArrayOutputStream pcap = new ByteArrayOutputStream();
            ScenarioGenerator.Result result = BundledSamples.sample(scenario, index, pcap);
            Path file = samples.resolve(BundledSamples.fileName(scenario));

            assertThat(pcap.toByteArray()).as(file.toString()).isEqualTo(Files.readAllBytes(file));
            assertThat(Files.readString(SynthCommand.expectedPath(file), StandardCharsets.UTF_8))
                .as(file + " expected outputs").isEqualTo(jsonLines(result.expected()));
            ExpectedEvent last = result.expected().get(result.expected().size() - 1);
            assertThat(last.reason().name()).isEqualTo(scenario.name());
            PacketEvidence.assertAgree(TestPcapReader.read(pcap.toByteArray()), result.expected());
        }
        Path seed = samples.resolve(BundledSamples.SEED_FILE);
        assertThat(Files.readString(SynthCommand.expectedPath(seed), StandardCharsets.UTF_8))
            .isEqualTo(jsonLines(SeedTraceCapture.expectedEvents()));
    }

    @Test
    void samplesShouldNeverShareATunnelKey() throws IOException {
        Path samples = RepositoryFiles.samplesDirectory();
        Set<String> keys = new HashSet<>();
        try (Stream<Path> files = Files.list(samples)) {
            for (Path expected : files.filter(f -> f.toString().endsWith(SynthCommand.EXPECTED_SUFFIX)).toList()) {
                Set<String> fileKeys = Files.readAllLines(expected).stream()
                    .map(line -> line.replaceAll(".*\"client\":\"([^\"]+)\",\"gateway\":\"([^\"]+)\".*", "$1 $2"))
                    .collect(Collectors.toSet());
                assertThat(fileKeys).as(expected.toString()).hasSize(1);
                assertThat(keys.addAll(fileKeys)).as("key of %s is new", expected).isTrue();
            }
        }
        assertThat(keys).hasSize(BundledSamples.failureScenarios().size() + 1);
    }

    private static String jsonLines(List<ExpectedEvent> events) {
        return events.stream().map(e -> e.toJsonLine() + "\n").collect(Collectors.joining());
    }
}
