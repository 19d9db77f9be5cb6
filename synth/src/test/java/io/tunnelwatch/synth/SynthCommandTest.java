package io.tunnelwatch.synth;

import io.tunnelwatch.synth.scenario.Scenario;
import io.tunnelwatch.synth.seed.SeedTraceCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SynthCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new SynthCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }

    @Test
    void shouldWriteCaptureAndExpectedOutputs() throws IOException {
        Path file = dir.resolve("esp.pcap");

        int exit = run("--scenario", "esp-none", "--tunnels", "2", "--seed", "3", "--out", file.toString());

        assertThat(exit).isZero();
        assertThat(TestPcapReader.read(Files.readAllBytes(file))).isNotEmpty();
        assertThat(Files.readAllLines(dir.resolve("esp.pcap.expected.jsonl")))
            .hasSize(2).allMatch(line -> line.contains("\"reason\":\"ESP_NONE\""));
        assertThat(err.toString()).contains("wrote");
    }

    @Test
    void shouldWriteTheSeedTrace() throws IOException {
        Path file = dir.resolve("seed.pcap");

        assertThat(run("--scenario", "quickvpn-seed", "--out", file.toString())).isZero();

        assertThat(Files.readAllBytes(file)).isEqualTo(SeedTraceCapture.pcapBytes());
    }

    @Test
    void shouldRejectAnUnknownScenarioWithOneLineAndExitCode2() {
        int exit = run("--scenario", "no-such-thing", "--out", dir.resolve("x.pcap").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario 'no-such-thing'");
        assertThat(Files.exists(dir.resolve("x.pcap"))).isFalse();
    }

    @Test
    void shouldWriteThePacketsOfTheSameRunAsPcapngOnRequest() throws IOException {
        Path pcap = dir.resolve("a.pcap");
        Path pcapng = dir.resolve("a.pcapng");

        assertThat(run("--scenario", "ikev2", "--out", pcap.toString())).isZero();
        assertThat(run("--scenario", "ikev2", "--format", "pcapng", "--out", pcapng.toString())).isZero();

        byte[] ng = Files.readAllBytes(pcapng);
        assertThat(java.nio.ByteBuffer.wrap(ng).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0)).isEqualTo(0x0A0D0D0A);
        assertThat(ng.length).isGreaterThan(Files.readAllBytes(pcap).length);
        assertThat(Files.readString(dir.resolve("a.pcapng.expected.jsonl")))
            .isEqualTo(Files.readString(dir.resolve("a.pcap.expected.jsonl")));
    }

    @Test
    void shouldRejectZeroTunnels() {
        int exit = run("--scenario", "mix", "--tunnels", "0", "--out", dir.resolve("x.pcap").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--tunnels must be at least 1");
    }

    @Test
    void shouldReportAnUnwritableFileInOneLine() {
        int exit = run("--scenario", "esp-none", "--out", dir.resolve("missing/dir/x.pcap").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("synth: cannot write");
    }

    @Test
    void shouldListEveryScenario() {
        assertThat(run("--list")).isZero();

        for (Scenario scenario : Scenario.values()) {
            assertThat(out.toString()).contains(scenario.cliName());
        }
        assertThat(out.toString()).contains("mix").contains("quickvpn-seed");
    }
}
