package io.tunnelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts and tunnel events, as the job wrote them (ECS-style JSON), turned into one row per
 * verdict: each failed attempt, and each tunnel that came up (with its close, when seen).
 */
public final class Verdicts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STAGES = List.of("CONNECTIVITY", "POLICY_ACTIVATION", "NETWORK_VERIFICATION");

    /** One line of the table. {@code reason} is empty for an established tunnel. */
    public record Row(String time, String client, String gateway, String stagesReached, String outcome,
                      String reason, String attempt, String detail) {}

    private Verdicts() {}

    public static List<Row> rows(List<String> alerts, List<String> events) {
        List<Row> rows = new ArrayList<>();
        Map<String, JsonNode> closedByTunnel = new HashMap<>();
        List<JsonNode> established = new ArrayList<>();
        for (String line : events) {
            JsonNode event = parse(line);
            String action = text(event, "event.action");
            if (action.endsWith("closed")) {
                closedByTunnel.put(text(event, "vpn.tunnel_id"), event);
            } else {
                established.add(event);
            }
        }
        for (String line : alerts) {
            JsonNode alert = parse(line);
            String stage = text(alert, "vpn.stage");
            rows.add(new Row(text(alert, "@timestamp"), text(alert, "source.ip"), text(alert, "destination.ip"),
                    stagesUpTo(stage), "FAILED", text(alert, "vpn.reason"), text(alert, "vpn.attempt"),
                    inconclusive(alert) + text(alert, "event.reason")));
        }
        for (JsonNode event : established) {
            JsonNode closed = closedByTunnel.get(text(event, "vpn.tunnel_id"));
            String detail = closed == null ? "still up at end of capture"
                    : "closed " + text(closed, "@timestamp") + " after " + text(closed, "vpn.duration_seconds") + " s";
            rows.add(new Row(text(event, "@timestamp"), text(event, "source.ip"), text(event, "destination.ip"),
                    String.join(" > ", abbreviations(STAGES.size())), "ESTABLISHED", "", text(event, "vpn.attempt"), detail));
        }
        rows.sort(Comparator.comparing(Row::time).thenComparing(Row::client));
        return rows;
    }

    private static String inconclusive(JsonNode alert) {
        return "true".equals(text(alert, "vpn.inconclusive")) ? "[inconclusive: capture loss] " : "";
    }

    private static String stagesUpTo(String failedStage) {
        int index = STAGES.indexOf(failedStage);
        return index < 0 ? failedStage : String.join(" > ", abbreviations(index + 1)) + " (failed)";
    }

    private static List<String> abbreviations(int count) {
        return List.of("TLS", "IKE", "ESP").subList(0, count);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + line, e);
        }
    }

    /** A field by its ECS dotted name, nested ({"vpn":{"stage":..}}) or flat ({"vpn.stage":..}). */
    static String text(JsonNode node, String dottedName) {
        JsonNode flat = node.get(dottedName);
        if (flat != null) {
            return flat.isValueNode() ? flat.asText() : flat.toString();
        }
        JsonNode current = node;
        for (String part : dottedName.split("\\.")) {
            current = current.path(part);
        }
        if (current.isMissingNode() || current.isNull()) {
            return "";
        }
        return current.isValueNode() ? current.asText() : current.toString();
    }

    /** Microseconds since the epoch, as the ISO-8601 text ECS uses. */
    static String isoTime(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L).toString();
    }
}
