package io.tunnelwatch.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tunnelwatch.correlation.AlertEvidence;
import io.tunnelwatch.correlation.CorrelationOutput;
import io.tunnelwatch.correlation.HandshakeAlert;
import io.tunnelwatch.correlation.StageWindow;
import io.tunnelwatch.correlation.TunnelClosed;
import io.tunnelwatch.correlation.TunnelEndpoints;
import io.tunnelwatch.correlation.TunnelEstablished;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The correlation's outputs as ECS-style JSON documents (Elastic Common Schema field names, nested
 * objects), one per Kafka record, so a SIEM maps them without a custom parser. Our own fields live
 * under {@code vpn.*}. docs/outputs.md lists every field.
 */
public final class EcsJson {
    /**
     * Written field by field with Jackson's streaming generator: building a tree per output first cost a
     * third of the correlation thread's time (docs/benchmarks.md). Same fields, order and bytes as before.
     */
    private static final JsonFactory JSON = new JsonFactory();
    private static final String ALERT_ACTION = "vpn-handshake-failed";
    private static final String ESTABLISHED_ACTION = "vpn-tunnel-established";
    private static final String CLOSED_ACTION = "vpn-tunnel-closed";

    private EcsJson() {}

    /** The output as the record the sinks write: kind (topic), key (tunnel id), event time, JSON. */
    public static TunnelOutput toOutput(CorrelationOutput output, String site) {
        String tunnelId = output.tunnel().tunnelId();
        if (output instanceof HandshakeAlert alert) {
            return new TunnelOutput(OutputKind.ALERT, tunnelId, alert.timestampMicros(), write(json -> alert(json, alert, site)));
        }
        String event = output instanceof TunnelEstablished established
                ? write(json -> established(json, established, site))
                : write(json -> closed(json, (TunnelClosed) output, site));
        return new TunnelOutput(OutputKind.TUNNEL_EVENT, tunnelId, output.timestampMicros(), event);
    }

    private static void alert(JsonGenerator json, HandshakeAlert alert, String site) throws IOException {
        common(json, alert, site);
        json.writeObjectFieldStart("event");
        json.writeStringField("kind", "alert");
        strings(json, "category", "network", "intrusion_detection");
        strings(json, "type", "connection", "denied");
        json.writeStringField("action", ALERT_ACTION);
        json.writeStringField("outcome", "failure");
        json.writeStringField("reason", alert.description());
        json.writeStringField("start", iso(alert.eventStartMicros()));
        json.writeStringField("end", iso(alert.eventEndMicros()));
        json.writeNumberField("duration", Math.max(0, alert.eventEndMicros() - alert.eventStartMicros()) * 1000L);
        json.writeEndObject();
        json.writeObjectFieldStart("rule");
        json.writeStringField("name", ALERT_ACTION + ":" + alert.reason().name());
        json.writeEndObject();
        startVpn(json, alert);
        json.writeStringField("stage", alert.stage().name());
        json.writeStringField("reason", alert.reason().name());
        json.writeNumberField("attempt", alert.attempt());
        json.writeBooleanField("rekey", alert.rekey());
        json.writeBooleanField("inconclusive", alert.inconclusive());
        json.writeNumberField("dropped_packets", alert.capturedDrops());
        json.writeObjectFieldStart("evidence");
        evidence(json, alert.evidence());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void established(JsonGenerator json, TunnelEstablished established, String site) throws IOException {
        common(json, established, site);
        startTunnelEvent(json, "start", ESTABLISHED_ACTION, established.timestampMicros());
        json.writeEndObject();
        startVpn(json, established);
        json.writeNumberField("attempt", established.attempt());
        json.writeBooleanField("mid_session_pickup", established.midSessionPickup());
        json.writeEndObject();
    }

    private static void closed(JsonGenerator json, TunnelClosed closed, String site) throws IOException {
        common(json, closed, site);
        startTunnelEvent(json, "end", CLOSED_ACTION, closed.establishedAtMicros());
        json.writeStringField("end", iso(closed.timestampMicros()));
        json.writeNumberField("duration", closed.durationMicros() * 1000L);
        json.writeEndObject();
        startVpn(json, closed);
        json.writeNumberField("duration_seconds", closed.durationMicros() / 1_000_000.0);
        json.writeStringField("last_activity", iso(closed.lastActivityMicros()));
        json.writeObjectFieldStart("esp");
        json.writeNumberField("packets_client_to_gateway", closed.espPacketsClientToGateway());
        json.writeNumberField("bytes_client_to_gateway", closed.espBytesClientToGateway());
        json.writeNumberField("packets_gateway_to_client", closed.espPacketsGatewayToClient());
        json.writeNumberField("bytes_gateway_to_client", closed.espBytesGatewayToClient());
        json.writeEndObject();
        json.writeEndObject();
    }

    /**
     * Opens the {@code event} object of a tunnel event up to its start time; the caller may add fields and
     * closes it. {@code type} is the connection's "start" or "end".
     */
    private static void startTunnelEvent(JsonGenerator json, String type, String action, long startMicros)
            throws IOException {
        json.writeObjectFieldStart("event");
        json.writeStringField("kind", "event");
        strings(json, "category", "network");
        strings(json, "type", "connection", type);
        json.writeStringField("action", action);
        json.writeStringField("outcome", "success");
        json.writeStringField("start", iso(startMicros));
    }

    /** The fields every document starts with: time, the two ends, the observer, the site. */
    private static void common(JsonGenerator json, CorrelationOutput output, String site) throws IOException {
        TunnelEndpoints tunnel = output.tunnel();
        String client = tunnel.clientIp().toString();
        String gateway = tunnel.gatewayIp().toString();
        json.writeStringField("@timestamp", iso(output.timestampMicros()));
        json.writeObjectFieldStart("source");
        json.writeStringField("ip", client);
        if (tunnel.clientPort() > 0) {
            json.writeNumberField("port", tunnel.clientPort());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("destination");
        json.writeStringField("ip", gateway);
        if (tunnel.gatewayPort() > 0) {
            json.writeNumberField("port", tunnel.gatewayPort());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("related");
        strings(json, "ip", client, gateway);
        json.writeEndObject();
        json.writeObjectFieldStart("observer");
        json.writeStringField("name", output.observer() == null ? "" : output.observer());
        json.writeStringField("type", "tunnelwatch-agent");
        json.writeEndObject();
        if (site != null && !site.isEmpty()) {
            json.writeObjectFieldStart("labels");
            json.writeStringField("site", site);
            json.writeEndObject();
        }
    }

    /** Opens the document's last object, {@code vpn}, with the tunnel id; the caller adds its fields and closes it. */
    private static void startVpn(JsonGenerator json, CorrelationOutput output) throws IOException {
        json.writeObjectFieldStart("vpn");
        json.writeStringField("tunnel_id", output.tunnel().tunnelId());
    }

    private static void evidence(JsonGenerator json, AlertEvidence evidence) throws IOException {
        window(json, "connectivity", evidence.connectivity());
        window(json, "policy_activation", evidence.policyActivation());
        window(json, "network_verification", evidence.networkVerification());
        json.writeNumberField("tcp_connections", evidence.tcpConnections());
        json.writeNumberField("retransmissions", evidence.retransmissions());
        if (evidence.ikeVersion() > 0) {
            json.writeObjectFieldStart("ike");
            json.writeNumberField("version", evidence.ikeVersion());
            json.writeStringField("initiator_spi", spi(evidence.ikeInitiatorSpi()));
            json.writeStringField("responder_spi", spi(evidence.ikeResponderSpi()));
            json.writeNumberField("messages_from_initiator", evidence.ikeMessagesFromInitiator());
            json.writeNumberField("messages_from_responder", evidence.ikeMessagesFromResponder());
            if (evidence.notifyType() > 0) {
                json.writeNumberField("notify_type", evidence.notifyType());
            }
            json.writeEndObject();
        }
        if (evidence.tlsAlertDescription() >= 0) { // -1: no cleartext alert
            json.writeObjectFieldStart("tls_alert");
            json.writeNumberField("description", evidence.tlsAlertDescription());
            json.writeStringField("from", evidence.tlsAlertFromClient() ? "client" : "gateway");
            json.writeEndObject();
        }
        json.writeObjectFieldStart("esp");
        json.writeNumberField("packets_client_to_gateway", evidence.espPacketsClientToGateway());
        json.writeNumberField("packets_gateway_to_client", evidence.espPacketsGatewayToClient());
        if (evidence.espDirectionSeen() != null) {
            json.writeStringField("direction_seen", evidence.espDirectionSeen().name());
        }
        json.writeEndObject();
    }

    private static void window(JsonGenerator json, String stage, StageWindow window) throws IOException {
        if (window == null) {
            return;
        }
        json.writeObjectFieldStart(stage);
        json.writeStringField("first_packet", iso(window.firstMicros()));
        json.writeStringField("last_packet", iso(window.lastMicros()));
        json.writeEndObject();
    }

    private static void strings(JsonGenerator json, String field, String... values) throws IOException {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static String spi(long spi) {
        return String.format("%016x", spi);
    }

    static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
    }

    /** The fields of one document. */
    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter text = new StringWriter(768);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return text.toString();
    }
}
