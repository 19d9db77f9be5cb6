package io.tunnelwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunnelwatch.correlation.AlertEvidence;
import io.tunnelwatch.correlation.AttemptStage;
import io.tunnelwatch.correlation.EspDirection;
import io.tunnelwatch.correlation.FailureReason;
import io.tunnelwatch.correlation.HandshakeAlert;
import io.tunnelwatch.correlation.IpAddress;
import io.tunnelwatch.correlation.StageWindow;
import io.tunnelwatch.correlation.TunnelClosed;
import io.tunnelwatch.correlation.TunnelEndpoints;
import io.tunnelwatch.correlation.TunnelEstablished;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The output documents, field by field, against issue 3's list and docs/outputs.md. */
class EcsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-01-01T00:00:00Z. */
    private static final long T0 = TestPackets.T0;
    private static final TunnelEndpoints TUNNEL = new TunnelEndpoints(IpAddress.parse("198.51.100.7"), 51_000,
            IpAddress.parse("192.0.2.1"), 443);
    private static final long ISPI = 0x1122_3344_5566_7788L;

    @Test
    void shouldWriteAnAlertWithEveryEcsAndVpnField() throws Exception {
        AlertEvidence evidence = new AlertEvidence(new StageWindow(T0, T0 + 1_500_000),
                new StageWindow(T0 + 2_000_000, T0 + 2_250_000), null, 2, 1, ISPI, 0x0a0bL, 3, 1, 2, 14, -1, false,
                0, 0, null);
        HandshakeAlert alert = new HandshakeAlert(T0 + 2_250_000, TUNNEL, "agent-1", AttemptStage.POLICY_ACTIVATION,
                FailureReason.IKE_NOTIFY_ERROR, 2, false, T0, true, 3, evidence, "The gateway rejected IKE phase 1.");

        TunnelOutput output = EcsJson.toOutput(alert, "branch-1");
        JsonNode doc = JSON.readTree(output.json());

        assertThat(output.kind()).isEqualTo(OutputKind.ALERT);
        assertThat(output.tunnelId()).isEqualTo("198.51.100.7->192.0.2.1");
        assertThat(output.eventTimeMicros()).isEqualTo(T0 + 2_250_000);
        assertThat(text(doc, "@timestamp")).isEqualTo("2026-01-01T00:00:02.250Z");
        assertThat(text(doc, "event.kind")).isEqualTo("alert");
        assertThat(strings(doc.at("/event/category"))).containsExactly("network", "intrusion_detection");
        assertThat(strings(doc.at("/event/type"))).containsExactly("connection", "denied");
        assertThat(text(doc, "event.action")).isEqualTo("vpn-handshake-failed");
        assertThat(text(doc, "event.outcome")).isEqualTo("failure");
        assertThat(text(doc, "event.reason")).isEqualTo("The gateway rejected IKE phase 1.");
        assertThat(text(doc, "event.start")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(text(doc, "event.end")).isEqualTo("2026-01-01T00:00:02.250Z");
        assertThat(doc.at("/event/duration").asLong()).isEqualTo(2_250_000_000L);
        assertThat(text(doc, "source.ip")).isEqualTo("198.51.100.7");
        assertThat(doc.at("/source/port").asInt()).isEqualTo(51_000);
        assertThat(text(doc, "destination.ip")).isEqualTo("192.0.2.1");
        assertThat(doc.at("/destination/port").asInt()).isEqualTo(443);
        assertThat(strings(doc.at("/related/ip"))).containsExactly("198.51.100.7", "192.0.2.1");
        assertThat(text(doc, "observer.name")).isEqualTo("agent-1");
        assertThat(text(doc, "labels.site")).isEqualTo("branch-1");
        assertThat(text(doc, "rule.name")).isEqualTo("vpn-handshake-failed:IKE_NOTIFY_ERROR");
        assertThat(text(doc, "vpn.tunnel_id")).isEqualTo("198.51.100.7->192.0.2.1");
        assertThat(text(doc, "vpn.stage")).isEqualTo("POLICY_ACTIVATION");
        assertThat(text(doc, "vpn.reason")).isEqualTo("IKE_NOTIFY_ERROR");
        assertThat(doc.at("/vpn/attempt").asInt()).isEqualTo(2);
        assertThat(doc.at("/vpn/rekey").asBoolean()).isFalse();
        assertThat(doc.at("/vpn/inconclusive").asBoolean()).isTrue();
        assertThat(doc.at("/vpn/dropped_packets").asLong()).isEqualTo(3);

        JsonNode proof = doc.at("/vpn/evidence");
        assertThat(text(proof, "connectivity.first_packet")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(text(proof, "connectivity.last_packet")).isEqualTo("2026-01-01T00:00:01.500Z");
        assertThat(text(proof, "policy_activation.first_packet")).isEqualTo("2026-01-01T00:00:02Z");
        assertThat(proof.has("network_verification")).as("a stage not reached has no window").isFalse();
        assertThat(proof.at("/tcp_connections").asInt()).isEqualTo(2);
        assertThat(proof.at("/retransmissions").asInt()).isEqualTo(2);
        assertThat(proof.at("/ike/version").asInt()).isEqualTo(1);
        assertThat(text(proof, "ike.initiator_spi")).isEqualTo("1122334455667788");
        assertThat(text(proof, "ike.responder_spi")).isEqualTo("0000000000000a0b");
        assertThat(proof.at("/ike/messages_from_initiator").asInt()).isEqualTo(3);
        assertThat(proof.at("/ike/messages_from_responder").asInt()).isEqualTo(1);
        assertThat(proof.at("/ike/notify_type").asInt()).isEqualTo(14);
        assertThat(proof.has("tls_alert")).isFalse();
        assertThat(proof.at("/esp/packets_client_to_gateway").asLong()).isZero();
        assertThat(proof.at("/esp/packets_gateway_to_client").asLong()).isZero();
        assertThat(proof.at("/esp").has("direction_seen")).isFalse();
    }

    @Test
    void shouldWriteTheTlsAlertAndTheEspDirectionWhenTheyAreTheEvidence() throws Exception {
        AlertEvidence tls = new AlertEvidence(new StageWindow(T0, T0), null, null, 1, 0, 0, 0, 0, 0, 0, 0, 70, false,
                0, 0, null);
        JsonNode tlsAlert = JSON.readTree(EcsJson.toOutput(new HandshakeAlert(T0, TUNNEL, "agent-1",
                AttemptStage.CONNECTIVITY, FailureReason.TLS_ALERT, 1, false, T0, false, 0, tls, "s"), "").json());
        AlertEvidence esp = new AlertEvidence(null, null, new StageWindow(T0, T0 + 1), 0, 1, ISPI, 1, 4, 4, 0, 0, -1,
                false, 4, 0, EspDirection.CLIENT_TO_GATEWAY);
        JsonNode oneWay = JSON.readTree(EcsJson.toOutput(new HandshakeAlert(T0, TUNNEL, "agent-1",
                AttemptStage.NETWORK_VERIFICATION, FailureReason.ESP_ONE_WAY, 1, false, T0, false, 0, esp, "s"),
                "").json());

        assertThat(tlsAlert.at("/vpn/evidence/tls_alert/description").asInt()).isEqualTo(70);
        assertThat(text(tlsAlert, "vpn.evidence.tls_alert.from")).isEqualTo("gateway");
        assertThat(tlsAlert.at("/vpn/evidence").has("ike")).as("no IKE seen").isFalse();
        assertThat(tlsAlert.has("labels")).as("no site label from an agent without one").isFalse();
        assertThat(text(oneWay, "vpn.evidence.esp.direction_seen")).isEqualTo("CLIENT_TO_GATEWAY");
        assertThat(oneWay.at("/vpn/evidence/esp/packets_client_to_gateway").asLong()).isEqualTo(4);
    }

    @Test
    void shouldWriteTheEstablishedEvent() throws Exception {
        TunnelEstablished established = new TunnelEstablished(T0 + 5_000_000, TUNNEL, "agent-1", 2, false);

        TunnelOutput output = EcsJson.toOutput(established, "branch-1");
        JsonNode doc = JSON.readTree(output.json());

        assertThat(output.kind()).isEqualTo(OutputKind.TUNNEL_EVENT);
        assertThat(output.tunnelId()).isEqualTo("198.51.100.7->192.0.2.1");
        assertThat(text(doc, "@timestamp")).isEqualTo("2026-01-01T00:00:05Z");
        assertThat(text(doc, "event.kind")).isEqualTo("event");
        assertThat(text(doc, "event.action")).isEqualTo("vpn-tunnel-established");
        assertThat(text(doc, "event.outcome")).isEqualTo("success");
        assertThat(strings(doc.at("/event/type"))).containsExactly("connection", "start");
        assertThat(text(doc, "observer.name")).isEqualTo("agent-1");
        assertThat(text(doc, "labels.site")).isEqualTo("branch-1");
        assertThat(text(doc, "source.ip")).isEqualTo("198.51.100.7");
        assertThat(text(doc, "destination.ip")).isEqualTo("192.0.2.1");
        assertThat(doc.at("/vpn/attempt").asInt()).isEqualTo(2);
        assertThat(doc.at("/vpn/mid_session_pickup").asBoolean()).isFalse();
        assertThat(doc.has("rule")).as("an event, not an alert").isFalse();
    }

    @Test
    void shouldWriteTheClosedEventWithDurationAndPacketCounts() throws Exception {
        TunnelClosed closed = new TunnelClosed(T0 + 130_000_000, TUNNEL, "agent-1", T0, T0 + 10_000_000,
                10_000_000, 12, 1_680, 11, 1_540);

        JsonNode doc = JSON.readTree(EcsJson.toOutput(closed, "branch-1").json());

        assertThat(text(doc, "@timestamp")).isEqualTo("2026-01-01T00:02:10Z");
        assertThat(text(doc, "event.kind")).isEqualTo("event");
        assertThat(text(doc, "event.action")).isEqualTo("vpn-tunnel-closed");
        assertThat(strings(doc.at("/event/type"))).containsExactly("connection", "end");
        assertThat(text(doc, "event.start")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(text(doc, "event.end")).isEqualTo("2026-01-01T00:02:10Z");
        assertThat(doc.at("/event/duration").asLong()).as("nanoseconds, as ECS has it").isEqualTo(10_000_000_000L);
        assertThat(doc.at("/vpn/duration_seconds").asDouble()).isEqualTo(10.0);
        assertThat(text(doc, "vpn.last_activity")).isEqualTo("2026-01-01T00:00:10Z");
        assertThat(doc.at("/vpn/esp/packets_client_to_gateway").asLong()).isEqualTo(12);
        assertThat(doc.at("/vpn/esp/bytes_client_to_gateway").asLong()).isEqualTo(1_680);
        assertThat(doc.at("/vpn/esp/packets_gateway_to_client").asLong()).isEqualTo(11);
        assertThat(doc.at("/vpn/esp/bytes_gateway_to_client").asLong()).isEqualTo(1_540);
        assertThat(text(doc, "observer.name")).isEqualTo("agent-1");
        assertThat(text(doc, "labels.site")).isEqualTo("branch-1");
    }

    private static String text(JsonNode doc, String dotted) {
        JsonNode node = doc.at("/" + dotted.replace('.', '/'));
        if (dotted.startsWith("@")) {
            node = doc.path(dotted);
        }
        assertThat(node.isMissingNode()).as("field %s", dotted).isFalse();
        return node.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
