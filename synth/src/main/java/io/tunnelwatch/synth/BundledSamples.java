package io.tunnelwatch.synth;

import io.tunnelwatch.synth.scenario.FailureReason;
import io.tunnelwatch.synth.scenario.Scenario;
import io.tunnelwatch.synth.scenario.ScenarioGenerator;
import io.tunnelwatch.synth.scenario.TunnelPlan;
import io.tunnelwatch.synth.seed.SeedTraceCapture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The captures bundled in samples/: the reconstructed seed trace (one established tunnel, no alert) and one
 * single-tunnel capture per failure reason of the contract, each with its expected outputs. Seed 1 throughout,
 * so regenerating them reproduces the committed bytes.
 */
public final class BundledSamples {
    public static final String SEED_FILE = "quickvpn-seed.pcap";
    public static final long SAMPLE_SEED = 1;

    private BundledSamples() {
    }

    /** The failure-reason scenarios, in the contract's order: one sample each. */
    public static List<Scenario> failureScenarios() {
        return Arrays.stream(FailureReason.values())
            .map(reason -> Scenario.valueOf(reason.name()))
            .toList();
    }

    public static String fileName(Scenario scenario) {
        return scenario.cliName() + ".pcap";
    }

    /** One failure sample: its own client address and start time (sample {@code index}), seed 1. */
    public static ScenarioGenerator.Result sample(Scenario scenario, int index, ByteArrayOutputStream pcap) {
        TunnelPlan plan = ScenarioGenerator.samplePlan(scenario, index, SAMPLE_SEED);
        return ScenarioGenerator.write(List.of(plan), pcap);
    }

    public static List<Path> write(Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        Path seed = directory.resolve(SEED_FILE);
        Files.write(seed, SeedTraceCapture.pcapBytes());
        SynthRunner.writeExpected(SynthCommand.expectedPath(seed), SeedTraceCapture.expectedEvents());
        written.add(seed);
        List<Scenario> scenarios = failureScenarios();
        for (int index = 0; index < scenarios.size(); index++) {
            Scenario scenario = scenarios.get(index);
            ByteArrayOutputStream pcap = new ByteArrayOutputStream();
            ScenarioGenerator.Result result = sample(scenario, index, pcap);
            Path file = directory.resolve(fileName(scenario));
            Files.write(file, pcap.toByteArray());
            SynthRunner.writeExpected(SynthCommand.expectedPath(file), result.expected());
            written.add(file);
        }
        return written;
    }
}
