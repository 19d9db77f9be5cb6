package io.tunnelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The job's ECS-style alerts and tunnel events in the samples' expected-output form
 * (docs/samples.md: type, client, gateway, stage, reason, attempt, ts_micros, evidence, duration_micros,
 * in that order), so both sides compare as whole lines.
 */
final class ExpectedLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Event-time order, ties by client then gateway, as the expected files are written. */
    static final Comparator<String> ORDER = Comparator
            .comparingLong((String line) -> read(line).path("ts_micros").asLong())
            .thenComparing(line -> read(line).path("client").asText())
            .thenComparing(line -> read(line).path("gateway").asText())
            .thenComparing(line -> line);

    private ExpectedLines() {}

    static List<String> of(LocalPipeline.Result result) {
        List<String> lines = new ArrayList<>();
        result.alerts().forEach(alert -> lines.add(fromAlert(read(alert))));
        result.events().forEach(event -> lines.add(fromEvent(read(event))));
        lines.sort(ORDER);
        return lines;
    }

    /** The expected file, re-serialized so formatting cannot differ. */
    static List<String> expected(Path capture) throws IOException {
        Path file = capture.resolveSibling(capture.getFileName() + ".expected.jsonl");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(read(line).toString());
            }
        }
        lines.sort(ORDER);
        return lines;
    }

    private static String fromAlert(JsonNode alert) {
        ObjectNode line = JSON.createObjectNode();
        line.put("type", "alert");
        line.put("client", alert.path("source").path("ip").asText());
        line.put("gateway", alert.path("destination").path("ip").asText());
        JsonNode vpn = alert.path("vpn");
        String reason = vpn.path("reason").asText();
        line.put("stage", vpn.path("stage").asText());
        line.put("reason", reason);
        line.put("attempt", vpn.path("attempt").asInt());
        line.put("ts_micros", micros(alert.path("@timestamp").asText()));
        JsonNode evidence = vpn.path("evidence");
        switch (reason) {
            case "TLS_ALERT" -> line.put("evidence", evidence.path("tls_alert").path("description").asText());
            case "IKE_NOTIFY_ERROR" -> line.put("evidence", evidence.path("ike").path("notify_type").asText());
            case "ESP_ONE_WAY" -> line.put("evidence", evidence.path("esp").path("direction_seen").asText());
            default -> { }
        }
        return line.toString();
    }

    private static String fromEvent(JsonNode event) {
        ObjectNode line = JSON.createObjectNode();
        boolean established = event.path("event").path("action").asText().equals("vpn-tunnel-established");
        line.put("type", established ? "established" : "closed");
        line.put("client", event.path("source").path("ip").asText());
        line.put("gateway", event.path("destination").path("ip").asText());
        if (established) {
            line.put("attempt", event.path("vpn").path("attempt").asInt());
        }
        line.put("ts_micros", micros(event.path("@timestamp").asText()));
        if (!established) {
            line.put("duration_micros", event.path("event").path("duration").asLong() / 1000L);
        }
        return line.toString();
    }

    private static long micros(String iso) {
        Instant instant = Instant.parse(iso);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + line, e);
        }
    }
}
