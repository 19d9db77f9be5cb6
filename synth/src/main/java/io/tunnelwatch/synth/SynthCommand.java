package io.tunnelwatch.synth;

import io.tunnelwatch.synth.pcap.CaptureFormat;
import io.tunnelwatch.synth.scenario.EspTraffic;
import io.tunnelwatch.synth.scenario.Scenario;
import io.tunnelwatch.synth.scenario.ScenarioGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tunnelwatch synth}: writes a capture for a scenario of the correlation contract (or a mix of them, or
 * the reconstructed seed trace) and, next to it, the outputs the job must produce for it (FILE.expected.jsonl).
 * Parses options only: the work is in {@link SynthRunner} and {@link BundledSamples}.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = {"Write a realistic VPN capture and its expected alerts and events.",
        "Scenarios: see --list. 'mix' draws tunnels across all of them; 'quickvpn-seed' is the seed trace."})
public final class SynthCommand implements Callable<Integer> {
    public static final String MIX = "mix";
    public static final String SEED = "quickvpn-seed";
    public static final String EXPECTED_SUFFIX = ".expected.jsonl";

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME|mix", description = "scenario name, 'mix' or 'quickvpn-seed'")
    private String scenario;

    @Option(names = "--tunnels", paramLabel = "N", defaultValue = "1", description = "tunnels to generate (default 1)")
    private int tunnels;

    @Option(names = "--out", paramLabel = "FILE", description = "pcap file to write; expected outputs go to FILE"
        + EXPECTED_SUFFIX)
    private Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed (default 1)")
    private long seed;

    @Option(names = "--esp-packets", paramLabel = "N",
        description = "mean ESP packets per established session (default 12, or 160 for mix)")
    private Integer espPackets;

    @Option(names = "--esp-traffic", paramLabel = "bulk|interactive",
        description = "how sessions' ESP is spread in time: bulk (transactions of full-size bursts, the default for mix)"
            + " or interactive (one packet each way per exchange, the default otherwise)")
    private String espTraffic;

    @Option(names = "--format", paramLabel = "pcap|pcap-ns|pcapng", defaultValue = "pcap",
        description = "capture file format (default pcap, microseconds)")
    private String format;

    @Option(names = "--list", description = "list the scenarios and exit")
    private boolean list;

    @Option(names = "--samples", paramLabel = "DIR",
        description = "write the bundled samples (seed trace and one capture per failure reason) to DIR")
    private Path samplesDirectory;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return generate(err);
        } catch (IOException e) {
            err.printf("synth: cannot write: %s%n", e);
            err.flush();
            return 1;
        }
    }

    private int generate(PrintWriter err) throws IOException {
        if (list) {
            PrintWriter stdout = spec.commandLine().getOut();
            for (Scenario each : Scenario.values()) {
                stdout.printf("%-24s %s%n", each.cliName(), each.description());
            }
            stdout.printf("%-24s %s%n", MIX, "tunnels drawn across all scenarios, mostly ESP volume");
            stdout.printf("%-24s %s%n", SEED, "the seed's QuickVPN frame list reconstructed (ignores --tunnels)");
            stdout.flush();
            return 0;
        }
        if (samplesDirectory != null) {
            List<Path> written = BundledSamples.write(samplesDirectory);
            err.printf("synth: wrote %d sample captures and their expected outputs to %s%n", written.size(),
                samplesDirectory);
            err.flush();
            return 0;
        }
        SynthRequest request = parse();
        long packets = SynthRunner.run(request);
        err.printf("synth: wrote %d packets to %s and expected outputs to %s%n", packets, out,
            request.expectedOut().getFileName());
        err.flush();
        return 0;
    }

    /** Validates the options into a request; every problem is a one-line usage error (exit code 2). */
    private SynthRequest parse() {
        if (scenario == null || out == null) {
            throw new ParameterException(spec.commandLine(), "--scenario and --out are required (or --list, --samples)");
        }
        boolean seedTrace = SEED.equals(scenario);
        Scenario chosen = null;
        if (!seedTrace && !MIX.equals(scenario)) {
            chosen = Scenario.byName(scenario).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown scenario '" + scenario + "' (see --list)"));
        }
        int perSession = espPackets != null ? espPackets : chosen == null && !seedTrace
            ? ScenarioGenerator.DEFAULT_MIX_SESSION_ESP_PACKETS : ScenarioGenerator.DEFAULT_SESSION_ESP_PACKETS;
        EspTraffic traffic = espTraffic == null ? (chosen == null && !seedTrace ? EspTraffic.BULK : EspTraffic.INTERACTIVE)
            : EspTraffic.byName(espTraffic).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown --esp-traffic '" + espTraffic + "' (bulk or interactive)"));
        CaptureFormat captureFormat = switch (format) {
            case "pcap" -> CaptureFormat.PCAP;
            case "pcap-ns" -> CaptureFormat.PCAP_NANOSECONDS;
            case "pcapng" -> CaptureFormat.PCAPNG;
            default -> throw new ParameterException(spec.commandLine(),
                "unknown --format '" + format + "' (pcap, pcap-ns or pcapng)");
        };
        try {
            return new SynthRequest(chosen, seedTrace, tunnels, seed, perSession, traffic, captureFormat, out);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    public static Path expectedPath(Path pcap) {
        return pcap.resolveSibling(pcap.getFileName() + EXPECTED_SUFFIX);
    }
}
