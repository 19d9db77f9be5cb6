package io.tunnelwatch.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tunnelwatch.correlation.AlertEvidence;
import io.tunnelwatch.correlation.CorrelationOutput;
import io.tunnelwatch.correlation.HandshakeAlert;
import io.tunnelwatch.correlation.StageWindow;
import io.tunnelwatch.correlation.TunnelClosed;
import io.tunnelwatch.correlation.TunnelEndpoints;
import io.tunnelwatch.correlation.TunnelEstablished;
import java.time.Instant;

/**
 * The correlation's outputs as ECS-style JSON documents (Elastic Common Schema field names, nested
 * objects), one per Kafka record, so a SIEM maps them without a custom parser. Our own fields live
 * under {@code vpn.*}. docs/outputs.md lists every field.
 */
public final class EcsJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALERT_ACTION = "vpn-handshake-failed";
    private static final String ESTABLISHED_ACTION = "vpn-tunnel-established";
    private static final String CLOSED_ACTION = "vpn-tunnel-closed";

    private EcsJson() {}

    /** The output as the record the sinks write: kind (topic), key (tunnel id), event time, JSON. */
    public static TunnelOutput toOutput(CorrelationOutput output, String site) {
        String tunnelId = output.tunnel().tunnelId();
        if (output instanceof HandshakeAlert alert) {
            return new TunnelOutput(OutputKind.ALERT, tunnelId, alert.timestampMicros(), write(alert(alert, site)));
        }
        ObjectNode event = output instanceof TunnelEstablished established
                ? established(established, site)
                : closed((TunnelClosed) output, site);
        return new TunnelOutput(OutputKind.TUNNEL_EVENT, tunnelId, output.timestampMicros(), write(event));
    }

    static ObjectNode alert(HandshakeAlert alert, String site) {
        ObjectNode doc = common(alert, site);
        ObjectNode event = doc.putObject("event");
        event.put("kind", "alert");
        event.putArray("category").add("network").add("intrusion_detection");
        event.putArray("type").add("connection").add("denied");
        event.put("action", ALERT_ACTION);
        event.put("outcome", "failure");
        event.put("reason", alert.description());
        event.put("start", iso(alert.eventStartMicros()));
        event.put("end", iso(alert.eventEndMicros()));
        event.put("duration", Math.max(0, alert.eventEndMicros() - alert.eventStartMicros()) * 1000L);
        doc.putObject("rule").put("name", ALERT_ACTION + ":" + alert.reason().name());
        moveToEnd(doc, "vpn");
        ObjectNode vpn = (ObjectNode) doc.get("vpn");
        vpn.put("stage", alert.stage().name());
        vpn.put("reason", alert.reason().name());
        vpn.put("attempt", alert.attempt());
        vpn.put("rekey", alert.rekey());
        vpn.put("inconclusive", alert.inconclusive());
        vpn.put("dropped_packets", alert.capturedDrops());
        evidence(vpn.putObject("evidence"), alert.evidence());
        return doc;
    }

    static ObjectNode established(TunnelEstablished established, String site) {
        ObjectNode doc = common(established, site);
        ObjectNode event = doc.putObject("event");
        event.put("kind", "event");
        event.putArray("category").add("network");
        event.putArray("type").add("connection").add("start");
        event.put("action", ESTABLISHED_ACTION);
        event.put("outcome", "success");
        event.put("start", iso(established.timestampMicros()));
        moveToEnd(doc, "vpn");
        ObjectNode vpn = (ObjectNode) doc.get("vpn");
        vpn.put("attempt", established.attempt());
        vpn.put("mid_session_pickup", established.midSessionPickup());
        return doc;
    }

    static ObjectNode closed(TunnelClosed closed, String site) {
        ObjectNode doc = common(closed, site);
        ObjectNode event = doc.putObject("event");
        event.put("kind", "event");
        event.putArray("category").add("network");
        event.putArray("type").add("connection").add("end");
        event.put("action", CLOSED_ACTION);
        event.put("outcome", "success");
        event.put("start", iso(closed.establishedAtMicros()));
        event.put("end", iso(closed.timestampMicros()));
        event.put("duration", closed.durationMicros() * 1000L);
        moveToEnd(doc, "vpn");
        ObjectNode vpn = (ObjectNode) doc.get("vpn");
        vpn.put("duration_seconds", closed.durationMicros() / 1_000_000.0);
        vpn.put("last_activity", iso(closed.lastActivityMicros()));
        ObjectNode esp = vpn.putObject("esp");
        esp.put("packets_client_to_gateway", closed.espPacketsClientToGateway());
        esp.put("bytes_client_to_gateway", closed.espBytesClientToGateway());
        esp.put("packets_gateway_to_client", closed.espPacketsGatewayToClient());
        esp.put("bytes_gateway_to_client", closed.espBytesGatewayToClient());
        return doc;
    }

    /** The fields every document has: time, the two ends, the observer and the tunnel id. */
    private static ObjectNode common(CorrelationOutput output, String site) {
        TunnelEndpoints tunnel = output.tunnel();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("@timestamp", iso(output.timestampMicros()));
        ObjectNode source = doc.putObject("source");
        source.put("ip", tunnel.clientIp().toString());
        if (tunnel.clientPort() > 0) {
            source.put("port", tunnel.clientPort());
        }
        ObjectNode destination = doc.putObject("destination");
        destination.put("ip", tunnel.gatewayIp().toString());
        if (tunnel.gatewayPort() > 0) {
            destination.put("port", tunnel.gatewayPort());
        }
        doc.putObject("related").putArray("ip").add(tunnel.clientIp().toString()).add(tunnel.gatewayIp().toString());
        ObjectNode observer = doc.putObject("observer");
        observer.put("name", output.observer() == null ? "" : output.observer());
        observer.put("type", "tunnelwatch-agent");
        if (site != null && !site.isEmpty()) {
            doc.putObject("labels").put("site", site);
        }
        doc.putObject("vpn").put("tunnel_id", tunnel.tunnelId());
        return doc;
    }

    private static void evidence(ObjectNode node, AlertEvidence evidence) {
        window(node, "connectivity", evidence.connectivity());
        window(node, "policy_activation", evidence.policyActivation());
        window(node, "network_verification", evidence.networkVerification());
        node.put("tcp_connections", evidence.tcpConnections());
        node.put("retransmissions", evidence.retransmissions());
        if (evidence.ikeVersion() > 0) {
            ObjectNode ike = node.putObject("ike");
            ike.put("version", evidence.ikeVersion());
            ike.put("initiator_spi", spi(evidence.ikeInitiatorSpi()));
            ike.put("responder_spi", spi(evidence.ikeResponderSpi()));
            ike.put("messages_from_initiator", evidence.ikeMessagesFromInitiator());
            ike.put("messages_from_responder", evidence.ikeMessagesFromResponder());
            if (evidence.notifyType() > 0) {
                ike.put("notify_type", evidence.notifyType());
            }
        }
        if (evidence.tlsAlertDescription() >= 0) { // -1: no cleartext alert
            ObjectNode tls = node.putObject("tls_alert");
            tls.put("description", evidence.tlsAlertDescription());
            tls.put("from", evidence.tlsAlertFromClient() ? "client" : "gateway");
        }
        ObjectNode esp = node.putObject("esp");
        esp.put("packets_client_to_gateway", evidence.espPacketsClientToGateway());
        esp.put("packets_gateway_to_client", evidence.espPacketsGatewayToClient());
        if (evidence.espDirectionSeen() != null) {
            esp.put("direction_seen", evidence.espDirectionSeen().name());
        }
    }

    private static void window(ObjectNode node, String stage, StageWindow window) {
        if (window == null) {
            return;
        }
        ObjectNode times = node.putObject(stage);
        times.put("first_packet", iso(window.firstMicros()));
        times.put("last_packet", iso(window.lastMicros()));
    }

    private static String spi(long spi) {
        return String.format("%016x", spi);
    }

    private static void moveToEnd(ObjectNode doc, String field) {
        doc.set(field, doc.remove(field));
    }

    static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L).toString();
    }

    private static String write(ObjectNode doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }
}
