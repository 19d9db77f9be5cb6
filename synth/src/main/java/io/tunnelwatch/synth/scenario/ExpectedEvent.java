package io.tunnelwatch.synth.scenario;

import java.util.Comparator;

/**
 * One output the correlation job must emit for a generated capture: an alert, a "tunnel established" or a
 * "tunnel closed" event, with the event time the contract assigns to it. Serialized as one JSON line; see
 * docs/samples.md for the field definitions.
 *
 * @param type           alert, established or closed
 * @param stage          for alerts only
 * @param reason         for alerts only
 * @param attempt        alerts and established: the attempt counter; null for closed
 * @param evidence       alerts with evidence: the alert description, notify type or ESP direction seen
 * @param durationMicros closed only: last activity minus establishment
 * @param rekey          alerts only: the failed attempt was a phase-1 negotiation on an established tunnel
 */
public record ExpectedEvent(String type, String client, String gateway, AttemptStage stage, FailureReason reason,
                            Integer attempt, long tsMicros, String evidence, Long durationMicros, boolean rekey) {

    public static final Comparator<ExpectedEvent> EVENT_TIME_ORDER = Comparator
        .comparingLong(ExpectedEvent::tsMicros)
        .thenComparing(ExpectedEvent::client)
        .thenComparing(ExpectedEvent::gateway);

    public static ExpectedEvent alert(String client, String gateway, FailureReason reason, int attempt, long ts,
                                      String evidence) {
        return new ExpectedEvent("alert", client, gateway, reason.stage(), reason, attempt, ts, evidence, null, false);
    }

    /** A failed rekey: judged like an attempt while the tunnel stays established. */
    public static ExpectedEvent rekeyAlert(String client, String gateway, FailureReason reason, int attempt, long ts) {
        return new ExpectedEvent("alert", client, gateway, reason.stage(), reason, attempt, ts, null, null, true);
    }

    public static ExpectedEvent established(String client, String gateway, int attempt, long ts) {
        return new ExpectedEvent("established", client, gateway, null, null, attempt, ts, null, null, false);
    }

    public static ExpectedEvent closed(String client, String gateway, long ts, long durationMicros) {
        return new ExpectedEvent("closed", client, gateway, null, null, null, ts, null, durationMicros, false);
    }

    /** Fields in a fixed order, absent ones omitted; every value here is an address, a name or a number. */
    public String toJsonLine() {
        StringBuilder json = new StringBuilder(160).append('{');
        field(json, "type", type);
        field(json, "client", client);
        field(json, "gateway", gateway);
        if (stage != null) {
            field(json, "stage", stage.name());
        }
        if (reason != null) {
            field(json, "reason", reason.name());
        }
        if (attempt != null) {
            json.append(",\"attempt\":").append(attempt);
        }
        json.append(",\"ts_micros\":").append(tsMicros);
        if (evidence != null) {
            field(json, "evidence", evidence);
        }
        if (rekey) {
            json.append(",\"rekey\":true");
        }
        if (durationMicros != null) {
            json.append(",\"duration_micros\":").append(durationMicros);
        }
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":\"").append(value).append('"');
    }
}
