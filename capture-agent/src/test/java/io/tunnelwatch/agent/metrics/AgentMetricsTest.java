package io.tunnelwatch.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

    @Test
    void captureLossShouldStillBeReadAfterGarbageCollection() {
        AgentMetrics metrics = new AgentMetrics("a1", "branch-1");
        AtomicReference<List<CaptureLoss>> losses = new AtomicReference<>(List.of(new CaptureLoss("eth0", 0, 0, 0)));
        // A capturing lambda, as the capture command binds (capture::losses): nothing else holds it.
        metrics.bindCaptureLoss(List.of("eth0"), () -> losses.get());

        collectGarbage();
        losses.set(List.of(new CaptureLoss("eth0", 1_000, 37, 5)));

        String scraped = metrics.scrape();
        assertThat(scraped).contains(
                "tunnelwatch_capture_received_total{agent=\"a1\",interface=\"eth0\",site=\"branch-1\"} 1000.0",
                "tunnelwatch_capture_dropped_total{agent=\"a1\",by=\"kernel\",interface=\"eth0\",site=\"branch-1\"} 37.0",
                "tunnelwatch_capture_dropped_total{agent=\"a1\",by=\"interface\",interface=\"eth0\",site=\"branch-1\"} 5.0");
    }

    /** Runs the collector until an object only weakly held is gone (Micrometer holds meter sources weakly). */
    private static void collectGarbage() {
        WeakReference<Object> canary = new WeakReference<>(new Object());
        for (int i = 0; i < 20 && canary.get() != null; i++) {
            System.gc();
        }
        assertThat(canary.get()).as("a garbage collection ran").isNull();
    }
}
