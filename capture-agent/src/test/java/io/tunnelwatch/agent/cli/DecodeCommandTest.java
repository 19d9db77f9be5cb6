package io.tunnelwatch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code decode} end to end on real corpus captures: stdout lines, stderr lines, exit codes. */
class DecodeCommandTest {
    private static final Pattern TS = Pattern.compile("^\\{\"ts\":\\d+\\.\\d{6},");

    @TempDir
    Path dir;

    record Run(int exit, List<String> stdout, List<String> stderr) {
    }

    static Path corpus(String name) {
        try {
            return Path.of(DecodeCommandTest.class.getResource("/corpus/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgentCli.execute(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, lines(out), lines(err));
    }

    private static List<String> lines(ByteArrayOutputStream stream) {
        String text = stream.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    @Test
    void shouldPrintOneJsonLinePerVpnFrameInCaptureOrder() {
        Run run = run("decode", "--format", "jsonl", corpus("tcpdump/isakmp4500.pcap").toString());

        assertThat(run.exit()).isZero();
        // 35 frames: 8 ARP skipped, 27 carry IKE, ESP-in-UDP or keepalives (the TSV's 27 rows).
        assertThat(run.stdout()).hasSize(27).allMatch(line -> TS.matcher(line).find());
        assertThat(run.stdout().get(0)).isEqualTo("{\"ts\":0.000000,\"src\":\"192.1.2.254\",\"dst\":\"192.1.2.23\","
                + "\"proto\":17,\"sport\":500,\"dport\":500,\"ike\":{\"v\":1,\"xt\":2,\"ispi\":\"9e89f2388f90bc1e\","
                + "\"rspi\":\"0000000000000000\",\"np\":1,\"flags\":0,\"mid\":0,\"len\":292,"
                + "\"payloads\":[1,13,13,13,13,13,13]}}");
        // A NAT-keepalive: natt alone, with neither ike nor esp.
        assertThat(run.stdout()).contains("{\"ts\":0.000000,\"src\":\"192.1.2.254\",\"dst\":\"192.1.2.23\","
                + "\"proto\":17,\"sport\":4500,\"dport\":4500,\"natt\":true}");
        assertThat(run.stdout()).anyMatch(line -> line.contains("\"esp\":{\"spi\":") && line.endsWith("\"natt\":true}"));
        assertThat(run.stderr()).containsExactly(
                "packets=35 tcp=0 tls=0 ike=15 esp=8 natt_keepalive=4 other_vpn_udp=0 later_fragments=0 malformed=0 skipped=8");
    }

    @Test
    void shouldWriteIpv6InCompressedFormAndTheOuterVlan() {
        Run ipv6 = run("decode", "--format=jsonl", corpus("zeek/ip6_esp.pcap").toString());
        assertThat(ipv6.stdout()).hasSize(120)
                .allMatch(line -> line.contains("\"src\":\"") && line.contains("\"proto\":50,\"esp\":{\"spi\":"))
                .noneMatch(line -> line.contains(":0:0:") || line.matches(".*:0[0-9a-f].*"));

        Run qinq = run("decode", "--format", "JSONL", corpus("zeek/vlan-pcp-dei.pcapng").toString());
        assertThat(qinq.stdout()).hasSize(9);
        assertThat(qinq.stdout().get(0)).contains("\"vlan\":10,");
        assertThat(qinq.stdout().get(1)).contains("\"vlan\":20,");
        assertThat(qinq.stdout().get(2)).doesNotContain("vlan");
    }

    @Test
    void shouldListTlsRecordsAndMarkSslv2() {
        Run run = run("decode", "--format", "jsonl", corpus("zeek/ssl-v2.pcap").toString());
        assertThat(run.stdout()).anyMatch(line -> line.contains("\"tls\":[{\"ver\":2,\"len\":46,\"hs\":[1]}],\"sslv2\":true"));
        Run alert = run("decode", "--format", "jsonl", corpus("zeek/tls-1.2-handshake-failure.pcap").toString());
        assertThat(alert.stdout()).anyMatch(line -> line.contains("\"alert\":[2,40]"));
    }

    @Test
    void shouldPrintThePacketsBeforeTheDamageThenOneErrorLineAndExit2() {
        Path damaged = corpus("suricata-verify/tls_DER-incomplete-header.pcap");
        Run run = run("decode", "--format", "jsonl", damaged.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stdout()).hasSize(6);
        assertThat(run.stderr()).hasSize(2);
        assertThat(run.stderr().get(0)).isEqualTo(damaged + ": file damaged at byte 5035: record claims 4325376 bytes");
        assertThat(run.stderr().get(1)).startsWith("packets=6 tcp=6 tls=2 ");
    }

    @Test
    void shouldPrintOnlyTheStatsLineForFormatNone() {
        Run run = run("decode", "--format", "none", corpus("zeek/tls1.2.pcap").toString(),
                corpus("tcpdump/ikev2four.pcap").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).singleElement().asString().startsWith("packets=43 tcp=22 ");
    }

    @Test
    void shouldPrintReadableTextByDefault() {
        Run run = run("decode", corpus("tcpdump/tcp-handshake-nano.pcap").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).hasSize(3);
        assertThat(run.stdout().get(0)).matches("\\d+\\.\\d{6} IP [0-9.]+\\.\\d+ > [0-9.]+\\.80: TCP \\[S\\] seq \\d+ ack 0 win \\d+ len 0");
    }

    @Test
    void shouldStopWithOneLineForAMissingFileOrAnUnknownLinkType() throws IOException {
        Path missing = dir.resolve("missing.pcap");
        Run notThere = run("decode", missing.toString());
        assertThat(notThere.exit()).isEqualTo(2);
        assertThat(notThere.stdout()).isEmpty();
        assertThat(notThere.stderr().get(0)).isEqualTo(missing + ": no such file");

        // A pcap header announcing LINKTYPE 147 (user-defined), then one record.
        ByteBuffer pcap = ByteBuffer.allocate(24 + 16 + 4).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(147)
                .putInt(0).putInt(0).putInt(4).putInt(4).putInt(0);
        Path unknown = Files.write(dir.resolve("user147.pcap"), pcap.array());
        Run user = run("decode", unknown.toString());
        assertThat(user.exit()).isEqualTo(2);
        assertThat(user.stderr().get(0)).isEqualTo(unknown + ": unsupported link type 147 (frame 1)");
    }

    @Test
    void shouldAnswerABadFlagWithOneLineAndNoStackTrace() {
        Run badFormat = run("decode", "--format", "xml", "x.pcap");
        Run unknownOption = run("decode", "--colour", "x.pcap");
        Run noFile = run("decode");
        Run noCommand = run();
        for (Run run : List.of(badFormat, unknownOption, noFile, noCommand)) {
            assertThat(run.exit()).isEqualTo(AgentCli.EXIT_USAGE);
            assertThat(run.stdout()).isEmpty();
            assertThat(run.stderr()).singleElement().asString().startsWith("tunnelwatch: ").doesNotContain("Exception");
        }
        assertThat(badFormat.stderr().get(0)).contains("xml");
    }
}
