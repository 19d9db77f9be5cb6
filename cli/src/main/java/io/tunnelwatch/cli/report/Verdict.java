package io.tunnelwatch.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunnelwatch.cli.Verdicts;
import java.util.EnumMap;
import java.util.Map;

/**
 * One alert or tunnel event, with what the timeline draws of it.
 *
 * @param windows the alert's evidence windows (first and last packet of each stage seen), by the first lane of their stage
 */
record Verdict(TunnelId tunnel, Kind kind, long atMicros, long startMicros, String reason, String stage, String attempt,
               String sentence, Map<Lane, long[]> windows, String directionSeen) {

    enum Kind { ALERT, ESTABLISHED, CLOSED }

    boolean failed() {
        return kind == Kind.ALERT;
    }

    static Verdict of(JsonNode doc) {
        String action = Verdicts.text(doc, "event.action");
        Kind kind = action.endsWith("failed") ? Kind.ALERT : action.endsWith("closed") ? Kind.CLOSED : Kind.ESTABLISHED;
        long at = ForensicReport.micros(Verdicts.text(doc, "@timestamp"));
        long start = ForensicReport.micros(Verdicts.text(doc, "event.start"));
        Map<Lane, long[]> windows = new EnumMap<>(Lane.class);
        window(doc, "connectivity", windows, Lane.TLS);
        window(doc, "policy_activation", windows, Lane.IKE_PHASE_1);
        window(doc, "network_verification", windows, Lane.ESP_TO_GATEWAY);
        String sentence = Verdicts.text(doc, "event.reason");
        if (kind == Kind.ESTABLISHED) {
            sentence = "true".equals(Verdicts.text(doc, "vpn.mid_session_pickup"))
                    ? "Tunnel seen up from ESP alone (picked up mid-session)." : "Tunnel established: ESP flowed both ways.";
        } else if (kind == Kind.CLOSED) {
            sentence = "Tunnel closed after " + Verdicts.text(doc, "vpn.duration_seconds") + " s (idle timeout after the last packet "
                    + Verdicts.text(doc, "vpn.last_activity") + ").";
        }
        return new Verdict(new TunnelId(Verdicts.text(doc, "source.ip"), Verdicts.text(doc, "destination.ip")), kind, at,
                start == Long.MIN_VALUE ? at : start, Verdicts.text(doc, "vpn.reason"), Verdicts.text(doc, "vpn.stage"),
                Verdicts.text(doc, "vpn.attempt"), sentence, windows, Verdicts.text(doc, "vpn.evidence.esp.direction_seen"));
    }

    /** The lane where the attempt stopped: the step that failed, or for one-way ESP the direction missing. */
    Lane stopLane() {
        return switch (reason) {
            case "TCP_NO_RESPONSE", "TCP_REFUSED", "TLS_ALERT", "TLS_RESET", "TLS_INCOMPLETE" -> Lane.TLS;
            case "IKE_NOT_STARTED", "IKE_NO_RESPONSE", "IKE_NOTIFY_ERROR", "IKE_PHASE1_INCOMPLETE" -> Lane.IKE_PHASE_1;
            case "IKE_PHASE2_NOT_STARTED", "IKE_PHASE2_INCOMPLETE" -> Lane.IKE_PHASE_2;
            case "ESP_ONE_WAY" -> "GATEWAY_TO_CLIENT".equals(directionSeen) ? Lane.ESP_TO_GATEWAY : Lane.ESP_TO_CLIENT;
            case "ESP_NONE" -> Lane.ESP_TO_GATEWAY;
            default -> switch (stage) {
                case "CONNECTIVITY" -> Lane.TLS;
                case "NETWORK_VERIFICATION" -> Lane.ESP_TO_GATEWAY;
                default -> Lane.IKE_PHASE_1;
            };
        };
    }

    private static void window(JsonNode doc, String stage, Map<Lane, long[]> windows, Lane... lanes) {
        long first = ForensicReport.micros(Verdicts.text(doc, "vpn.evidence." + stage + ".first_packet"));
        long last = ForensicReport.micros(Verdicts.text(doc, "vpn.evidence." + stage + ".last_packet"));
        if (first != Long.MIN_VALUE) {
            for (Lane lane : lanes) {
                windows.put(lane, new long[] {first, Math.max(first, last)});
            }
        }
    }
}
