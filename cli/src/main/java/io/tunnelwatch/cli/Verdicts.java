package io.tunnelwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts and tunnel events, as the job wrote them (ECS-style JSON), turned into one row per
 * tunnel: its latest verdict (a failed attempt, or the tunnel up, with its close when seen).
 */
public final class Verdicts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STAGES = List.of("CONNECTIVITY", "POLICY_ACTIVATION", "NETWORK_VERIFICATION");
    private static final List<String> STAGE_NAMES = List.of("TLS", "IKE", "ESP");

    /** One line of the table. {@code reason} is empty for an established tunnel. */
    public record Row(String time, String client, String gateway, String stagesReached, String outcome,
                      String reason, String attempt, String detail) {}

    private Verdicts() {}

    /**
     * One row per tunnel (client, gateway): its latest verdict, established or failed, with earlier failed
     * attempts summed up in the detail, so a retry that failed again reads as one story.
     */
    public static List<Row> rows(List<String> alerts, List<String> events) {
        Map<String, JsonNode> closedByTunnel = new HashMap<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (String line : events) {
            JsonNode event = parse(line);
            if (text(event, "event.action").endsWith("closed")) {
                closedByTunnel.put(text(event, "vpn.tunnel_id"), event);
            } else {
                verdicts.add(Verdict.of(event, false));
            }
        }
        for (String line : alerts) {
            verdicts.add(Verdict.of(parse(line), true));
        }
        verdicts.sort(Comparator.comparing(Verdict::time).thenComparing(Verdict::tunnelId));
        Map<String, List<Verdict>> byTunnel = new LinkedHashMap<>();
        for (Verdict verdict : verdicts) {
            byTunnel.computeIfAbsent(verdict.tunnelId(), id -> new ArrayList<>()).add(verdict);
        }
        List<TimedRow> rows = new ArrayList<>();
        for (Map.Entry<String, List<Verdict>> tunnel : byTunnel.entrySet()) {
            List<Verdict> history = tunnel.getValue();
            Verdict last = history.get(history.size() - 1);
            String earlier = earlierFailures(history.subList(0, history.size() - 1));
            Row row = last.failed() ? failedRow(last.doc(), earlier)
                    : establishedRow(last.doc(), closedByTunnel.get(tunnel.getKey()), earlier);
            rows.add(new TimedRow(last.time(), row));
        }
        rows.sort(Comparator.comparing(TimedRow::time).thenComparing(timed -> timed.row().client()));
        return rows.stream().map(TimedRow::row).toList();
    }

    /** A verdict with its sort keys read once (parsing the time in every comparison took seconds on large runs). */
    private record Verdict(JsonNode doc, boolean failed, Instant time, String tunnelId) {
        static Verdict of(JsonNode doc, boolean failed) {
            return new Verdict(doc, failed, EventTimeOrder.instant(text(doc, "@timestamp")), text(doc, "vpn.tunnel_id"));
        }
    }

    private record TimedRow(Instant time, Row row) {}

    private static Row failedRow(JsonNode alert, String earlier) {
        return new Row(text(alert, "@timestamp"), text(alert, "source.ip"), text(alert, "destination.ip"),
                stagesSeen(alert) + " (failed)", "FAILED", text(alert, "vpn.reason"), text(alert, "vpn.attempt"),
                inconclusive(alert) + earlier + text(alert, "event.reason"));
    }

    private static Row establishedRow(JsonNode event, JsonNode closed, String earlier) {
        String detail = closed == null ? "still up at end of capture"
                : "closed " + text(closed, "@timestamp") + " after " + text(closed, "vpn.duration_seconds") + " s";
        String stages = "true".equals(text(event, "vpn.mid_session_pickup")) ? "ESP (picked up mid-session)"
                : String.join(" > ", STAGE_NAMES);
        return new Row(text(event, "@timestamp"), text(event, "source.ip"), text(event, "destination.ip"), stages,
                "ESTABLISHED", "", text(event, "vpn.attempt"), earlier + detail);
    }

    private static String earlierFailures(List<Verdict> earlier) {
        List<String> failures = new ArrayList<>();
        for (Verdict verdict : earlier) {
            if (verdict.failed()) {
                failures.add(text(verdict.doc(), "vpn.reason") + " (attempt " + text(verdict.doc(), "vpn.attempt") + ")");
            }
        }
        return failures.isEmpty() ? "" : "after " + String.join(", ", failures) + ": ";
    }

    private static String inconclusive(JsonNode alert) {
        return "true".equals(text(alert, "vpn.inconclusive")) ? "[inconclusive: capture loss] " : "";
    }

    /** The stages the failed attempt was seen in, from its evidence windows (a plain IPsec client has no TLS). */
    private static String stagesSeen(JsonNode alert) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < STAGES.size(); i++) {
            if (!text(alert, "vpn.evidence." + STAGES.get(i).toLowerCase(java.util.Locale.ROOT) + ".first_packet").isEmpty()
                    || STAGES.get(i).equals(text(alert, "vpn.stage"))) {
                seen.add(STAGE_NAMES.get(i));
            }
        }
        return String.join(" > ", seen);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + line, e);
        }
    }

    /** A field by its ECS dotted name, nested ({"vpn":{"stage":..}}) or flat ({"vpn.stage":..}). */
    public static String text(JsonNode node, String dottedName) {
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
    public static String isoTime(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L).toString();
    }
}
