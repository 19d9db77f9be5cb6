package io.tunnelwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimeOrderTest {

    @Test
    void shouldOrderByEventTimeNotByTextThenByText() {
        String whole = "{\"@timestamp\":\"2010-06-01T11:00:00Z\",\"vpn\":{\"tunnel_id\":\"b\"}}";
        String later = "{\"@timestamp\":\"2010-06-01T11:00:00.057071Z\",\"vpn\":{\"tunnel_id\":\"a\"}}";
        String earlier = "{\"@timestamp\":\"2010-06-01T10:59:59.9Z\",\"vpn\":{\"tunnel_id\":\"c\"}}";
        String sameTimeOtherTunnel = "{\"@timestamp\":\"2010-06-01T11:00:00Z\",\"vpn\":{\"tunnel_id\":\"a\"}}";

        assertThat(EventTimeOrder.sorted(List.of(later, whole, earlier, sameTimeOtherTunnel)))
                .containsExactly(earlier, sameTimeOtherTunnel, whole, later);
    }

    @Test
    void shouldPutLinesWithoutATimestampFirst() {
        String timed = "{\"@timestamp\":\"2010-06-01T11:00:00Z\"}";
        String untimed = "{\"event\":{}}";

        assertThat(EventTimeOrder.sorted(List.of(timed, untimed))).containsExactly(untimed, timed);
    }
}
