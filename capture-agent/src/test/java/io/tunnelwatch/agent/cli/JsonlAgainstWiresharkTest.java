package io.tunnelwatch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The user-facing contract end to end: {@code decode --format jsonl} on every corpus capture, each line
 * checked against TShark's row for the same frame on the values whose text form the jsonl defines (time,
 * addresses, ports, VLAN, TCP numbers, ESP, IKE header, NAT-T). The field-by-field comparison of everything
 * the decoder reads is {@code CorpusConformanceTest}; this one proves the printed numbers are the same ones.
 */
class JsonlAgainstWiresharkTest {
    private static final Pattern NUMBER = Pattern.compile("\"%s\":(-?\\d+(?:\\.\\d+)?)");
    private static final Pattern STRING = Pattern.compile("\"%s\":\"([^\"]*)\"");

    private static Path corpus() {
        try {
            return Path.of(JsonlAgainstWiresharkTest.class.getResource("/corpus/SOURCES.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJsonLineCarriesWiresharksValues() throws IOException {
        Path expected = corpus().resolve("expected");
        List<Path> tsvs;
        try (Stream<Path> files = Files.walk(expected)) {
            tsvs = files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList();
        }
        return tsvs.stream().map(tsv -> {
            String name = expected.relativize(tsv).toString().replace('\\', '/').replaceAll("\\.tsv$", "");
            return DynamicTest.dynamicTest(name, () -> check(name, tsv));
        });
    }

    private static void check(String name, Path tsv) throws IOException {
        List<String> lines = decodeJsonl(corpus().resolve(name));
        List<Map<String, String>> rows = rows(tsv);
        assertThat(lines).as("%s: one jsonl line per Wireshark row", name).hasSameSizeAs(rows);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            compareLine(rows.get(i), lines.get(i), problems);
        }
        assertThat(problems).as("%s", name).isEmpty();
    }

    private static void compareLine(Map<String, String> row, String line, List<String> problems) {
        String frame = "frame " + row.get("frame.number") + ": ";
        String epoch = row.get("frame.time_epoch");
        expect(problems, frame + "ts", epoch.substring(0, epoch.indexOf('.') + 7), number(line, "ts"));
        expect(problems, frame + "src", first(row, "ip.src", "ipv6.src"), string(line, "src"));
        expect(problems, frame + "dst", first(row, "ip.dst", "ipv6.dst"), string(line, "dst"));
        expect(problems, frame + "sport", or(row.get("tcp.srcport"), row.get("udp.srcport")), number(line, "sport"));
        expect(problems, frame + "dport", or(row.get("tcp.dstport"), row.get("udp.dstport")), number(line, "dport"));
        expect(problems, frame + "vlan", first(row, "vlan.id", "vlan.id"), number(line, "vlan"));
        String tcp = object(line, "tcp");
        expect(problems, frame + "tcp.flags", hexToDecimal(row.get("tcp.flags")), number(tcp, "flags"));
        expect(problems, frame + "tcp.seq", row.get("tcp.seq_raw"), number(tcp, "seq"));
        expect(problems, frame + "tcp.ack", row.get("tcp.ack_raw"), number(tcp, "ack"));
        expect(problems, frame + "tcp.len", row.get("tcp.len"), number(tcp, "len"));
        String esp = object(line, "esp");
        expect(problems, frame + "esp.spi", hexToDecimal(row.get("esp.spi")), number(esp, "spi"));
        expect(problems, frame + "esp.seq", row.get("esp.sequence"), number(esp, "seq"));
        String ike = object(line, "ike");
        expect(problems, frame + "ike.ispi", row.get("isakmp.ispi"), string(ike, "ispi"));
        expect(problems, frame + "ike.rspi", row.get("isakmp.rspi"), string(ike, "rspi"));
        expect(problems, frame + "ike.xt", row.get("isakmp.exchangetype"), number(ike, "xt"));
        expect(problems, frame + "ike.flags", hexToDecimal(row.get("isakmp.flags")), number(ike, "flags"));
        expect(problems, frame + "ike.mid", hexToDecimal(row.get("isakmp.messageid")), number(ike, "mid"));
        expect(problems, frame + "ike.len", row.get("isakmp.length"), number(ike, "len"));
        String version = row.get("isakmp.version");
        expect(problems, frame + "ike.v", version.isEmpty() ? "" : version.substring(2, 3), number(ike, "v"));
        expect(problems, frame + "natt", row.get("frame.protocols").contains(":udpencap") ? "true" : "",
                line.contains("\"natt\":true") ? "true" : "");
    }

    private static List<String> decodeJsonl(Path capture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new DecodeRun(out, err).run(new DecodeRequest(OutputFormat.JSONL, List.of(capture)));
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static List<Map<String, String>> rows(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        String[] header = lines.get(0).split("\t", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < values.length ? values[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private static void expect(List<String> problems, String what, String wireshark, String jsonl) {
        if (!wireshark.equals(jsonl)) {
            problems.add(what + ": wireshark=[" + wireshark + "] jsonl=[" + jsonl + "]");
        }
    }

    private static String first(Map<String, String> row, String field, String fallback) {
        String value = row.get(field).isEmpty() ? row.get(fallback) : row.get(field);
        int comma = value.indexOf(',');
        return comma < 0 ? value : value.substring(0, comma);
    }

    private static String or(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private static String hexToDecimal(String hex) {
        return hex.isEmpty() ? "" : Long.toString(Long.parseLong(hex.substring(2), 16));
    }

    /** The text of a nested object such as {@code "tcp":{...}} (our objects hold no nested objects), or "". */
    private static String object(String line, String key) {
        int start = line.indexOf("\"" + key + "\":{");
        return start < 0 ? "" : line.substring(start, line.indexOf('}', start) + 1);
    }

    private static String number(String json, String key) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), key)).matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static String string(String json, String key) {
        Matcher m = Pattern.compile(String.format(STRING.pattern(), key)).matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
