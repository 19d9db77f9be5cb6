package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.correlation.AlertEvidence;
import io.tunnelwatch.correlation.AttemptStage;
import io.tunnelwatch.correlation.FailureReason;
import io.tunnelwatch.correlation.HandshakeAlert;
import io.tunnelwatch.correlation.IpAddress;
import io.tunnelwatch.correlation.StageWindow;
import io.tunnelwatch.correlation.TunnelClosed;
import io.tunnelwatch.correlation.TunnelEndpoints;
import io.tunnelwatch.correlation.TunnelEstablished;
import io.tunnelwatch.job.EcsJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's rows from the job's own documents: one per tunnel, its latest verdict. */
class VerdictsTest {

    private static final long T0 = 1_275_390_000_000_000L; // 2010-06-01T11:00:00Z
    private static final TunnelEndpoints RETRYING = endpoints("100.64.0.1");
    private static final TunnelEndpoints PLAIN_IKE = endpoints("100.64.0.7");
    private static final TunnelEndpoints UP = endpoints("213.16.33.141");

    @Test
    void shouldShowOneRowPerTunnelWithItsLatestVerdictAndEarlierFailures() {
        List<String> alerts = List.of(
                json(alert(RETRYING, FailureReason.IKE_NOTIFY_ERROR, 1, T0 + 13_000_000, true)),
                json(alert(RETRYING, FailureReason.TCP_NO_RESPONSE, 2, T0 + 61_000_000, true)),
                json(alert(PLAIN_IKE, FailureReason.IKE_NO_RESPONSE, 1, T0 + 30_000_000, false)));
        List<String> events = List.of(
                EcsJson.toOutput(new TunnelEstablished(T0 + 5_000_000, UP, "local", 1, false), "local").json(),
                EcsJson.toOutput(new TunnelClosed(T0 + 130_000_000, UP, "local", T0 + 5_000_000, T0 + 10_000_000,
                        5_000_000, 4, 400, 4, 400), "local").json());

        List<Verdicts.Row> rows = Verdicts.rows(alerts, events);

        assertThat(rows).extracting(Verdicts.Row::client).containsExactly("213.16.33.141", "100.64.0.7", "100.64.0.1");
        Verdicts.Row up = rows.get(0);
        assertThat(up.outcome()).isEqualTo("ESTABLISHED");
        assertThat(up.stagesReached()).isEqualTo("TLS > IKE > ESP");
        assertThat(up.detail()).startsWith("closed 2010-06-01T11:02:10Z after 5.0 s");
        Verdicts.Row plain = rows.get(1);
        assertThat(plain.stagesReached()).as("no TLS seen for a plain IPsec client").isEqualTo("IKE (failed)");
        assertThat(plain.reason()).isEqualTo("IKE_NO_RESPONSE");
        Verdicts.Row retry = rows.get(2);
        assertThat(retry.reason()).isEqualTo("TCP_NO_RESPONSE");
        assertThat(retry.attempt()).isEqualTo("2");
        assertThat(retry.stagesReached()).isEqualTo("TLS (failed)");
        assertThat(retry.detail()).startsWith("after IKE_NOTIFY_ERROR (attempt 1): ");
    }

    @Test
    void shouldOrderRowsByEventTimeWhereTheTextOrderDiffers() {
        // "…:05.5Z" sorts before "…:05Z" as text; the table must follow time.
        List<String> alerts = List.of(json(alert(PLAIN_IKE, FailureReason.IKE_NO_RESPONSE, 1, T0 + 5_500_000, false)));
        List<String> events = List.of(
                EcsJson.toOutput(new TunnelEstablished(T0 + 5_000_000, UP, "local", 1, false), "local").json());

        List<Verdicts.Row> rows = Verdicts.rows(alerts, events);

        assertThat(rows).extracting(Verdicts.Row::time)
                .containsExactly("2010-06-01T11:00:05Z", "2010-06-01T11:00:05.500Z");
    }

    private static HandshakeAlert alert(TunnelEndpoints tunnel, FailureReason reason, int attempt, long at,
                                        boolean withTls) {
        StageWindow tls = withTls ? new StageWindow(at - 2_000_000, at - 1_000_000) : null;
        StageWindow ike = reason.stage() == AttemptStage.POLICY_ACTIVATION ? new StageWindow(at - 500_000, at) : null;
        AlertEvidence evidence = new AlertEvidence(tls, ike, null, withTls ? 1 : 0, ike == null ? 0 : 1, 1, 0, 1, 0, 0,
                0, -1, false, 0, 0, null);
        return new HandshakeAlert(at, tunnel, "local", reason.stage(), reason, attempt, false, at - 2_000_000, false, 0,
                evidence, reason.name() + " happened.");
    }

    private static String json(HandshakeAlert alert) {
        return EcsJson.toOutput(alert, "local").json();
    }

    private static TunnelEndpoints endpoints(String client) {
        return new TunnelEndpoints(IpAddress.parse(client), 0, IpAddress.parse("198.18.0.1"), 0);
    }
}
