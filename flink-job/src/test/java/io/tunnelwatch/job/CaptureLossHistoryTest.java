package io.tunnelwatch.job;

import static io.tunnelwatch.job.TestPackets.T0;
import static io.tunnelwatch.job.TestPackets.heartbeat;
import static io.tunnelwatch.job.TestPackets.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.tunnelwatch.correlation.DropReport;
import org.junit.jupiter.api.Test;

/** One agent's drop reports as the correlation operator keeps them: few, in clock order, pruned. */
class CaptureLossHistoryTest {

    private static final long NO_WATERMARK = Long.MIN_VALUE;

    @Test
    void shouldKeepOnlyReportsWhoseCountChanged() {
        long[] history = null;
        history = CaptureLossHistory.add(history, heartbeat(T0, 0), NO_WATERMARK);
        history = CaptureLossHistory.add(history, heartbeat(T0 + seconds(1), 0), NO_WATERMARK);
        history = CaptureLossHistory.add(history, heartbeat(T0 + seconds(2), 5), NO_WATERMARK);
        history = CaptureLossHistory.add(history, heartbeat(T0 + seconds(2), 5), NO_WATERMARK); // other partition

        assertThat(history).containsExactly(T0, 0, T0 + seconds(2), 5);
    }

    @Test
    void shouldGiveTheLatestReportStrictlyBeforeATime() {
        long[] history = null;
        history = CaptureLossHistory.add(history, heartbeat(T0 + seconds(2), 5), NO_WATERMARK);
        history = CaptureLossHistory.add(history, heartbeat(T0, 1), NO_WATERMARK); // arrived out of order

        assertThat(CaptureLossHistory.latestBefore("agent-1", history, T0)).isNull();
        DropReport atTwo = CaptureLossHistory.latestBefore("agent-1", history, T0 + seconds(2));
        assertThat(atTwo.totalDrops()).as("a packet at 2 s comes before the report at 2 s").isEqualTo(1);
        assertThat(CaptureLossHistory.latestBefore("agent-1", history, T0 + seconds(2) + 1).totalDrops()).isEqualTo(5);
        assertThat(CaptureLossHistory.latestBefore("agent-1", null, T0)).isNull();
    }

    @Test
    void shouldForgetReportsNoKeyCanNeedOnceTheWatermarkPassedThem() {
        long[] history = null;
        for (int i = 0; i < 10; i++) {
            history = CaptureLossHistory.add(history, heartbeat(T0 + seconds(i), i), NO_WATERMARK);
        }
        history = CaptureLossHistory.add(history, heartbeat(T0 + seconds(10), 10), T0 + seconds(7));

        assertThat(history).as("the latest at or before the watermark stays, as the baseline")
                .containsExactly(T0 + seconds(7), 7, T0 + seconds(8), 8, T0 + seconds(9), 9, T0 + seconds(10), 10);
    }

    @Test
    void shouldStayBoundedWhenTheWatermarkDoesNotMove() {
        long[] history = null;
        for (int i = 0; i < 3 * CaptureLossHistory.MAX_REPORTS; i++) {
            history = CaptureLossHistory.add(history, heartbeat(T0 + seconds(i), i), NO_WATERMARK);
        }

        assertThat(history).hasSize(2 * CaptureLossHistory.MAX_REPORTS);
        assertThat(history[history.length - 1]).isEqualTo(3 * CaptureLossHistory.MAX_REPORTS - 1);
    }
}
