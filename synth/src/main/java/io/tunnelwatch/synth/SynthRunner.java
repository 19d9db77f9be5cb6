package io.tunnelwatch.synth;

import io.tunnelwatch.synth.scenario.ExpectedEvent;
import io.tunnelwatch.synth.scenario.ScenarioGenerator;
import io.tunnelwatch.synth.scenario.TunnelPlan;
import io.tunnelwatch.synth.seed.SeedTraceCapture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Carries out a {@link SynthRequest}: writes the capture and its expected outputs, returns the packet count. */
public final class SynthRunner {
    private SynthRunner() {
    }

    public static long run(SynthRequest request) throws IOException {
        if (request.seedTrace()) {
            try (OutputStream pcap = new BufferedOutputStream(Files.newOutputStream(request.out()))) {
                SeedTraceCapture.build().writeTo(pcap, request.format());
            }
            writeExpected(request.expectedOut(), SeedTraceCapture.expectedEvents());
            return SeedTraceCapture.build().size();
        }
        List<TunnelPlan> plans = ScenarioGenerator.plan(request.scenario(), request.tunnels(), request.seed(),
            request.sessionEspPackets(), request.espTraffic());
        ScenarioGenerator.Result result;
        try (OutputStream pcap = new BufferedOutputStream(Files.newOutputStream(request.out()), 1 << 16)) {
            result = ScenarioGenerator.write(plans, pcap, request.format());
        }
        writeExpected(request.expectedOut(), result.expected());
        return result.packets();
    }

    /** One JSON object per line, UTF-8, in the order given (event-time order). */
    public static void writeExpected(Path file, List<ExpectedEvent> events) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (ExpectedEvent event : events) {
            lines.append(event.toJsonLine()).append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8);
    }
}
