package io.tunnelwatch.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FlowAggregatorTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final long MS = 1_000;
    private static final long SECOND = 1_000_000;
    private static final String CLIENT_TO_GATEWAY = "esp 10.0.0.2>192.0.2.1 spi 0x1001";
    private static final String GATEWAY_TO_CLIENT = "esp 192.0.2.1>10.0.0.2 spi 0x2002";

    private record Emitted(String flow, FlowAggregate aggregate) {}

    private final List<Emitted> emitted = new ArrayList<>();
    private final FlowAggregator<String> aggregator = new FlowAggregator<>(
            new AggregationPolicy(Duration.ofSeconds(1), 16), (flow, aggregate) -> emitted.add(new Emitted(flow, aggregate)));

    @Test
    void shouldPublishTheFirstPacketOfEachFlowAndDirectionAtOnce() {
        assertThat(aggregator.admit(CLIENT_TO_GATEWAY, T0, 1, 120)).isTrue();
        assertThat(aggregator.admit(GATEWAY_TO_CLIENT, T0 + 5 * MS, 2, 120)).isTrue();
        assertThat(aggregator.admit(CLIENT_TO_GATEWAY, T0 + 10 * MS, 3, 120)).isFalse();

        assertThat(emitted).isEmpty();
        assertThat(aggregator.trackedFlows()).isEqualTo(2);
    }

    @Test
    void shouldEmitOneAggregateWithCountsAndFirstAndLastTimesWhenTheIntervalCloses() {
        aggregator.admit(CLIENT_TO_GATEWAY, T0, 1, 100);
        aggregator.admit(CLIENT_TO_GATEWAY, T0 + 100 * MS, 2, 200);
        aggregator.admit(CLIENT_TO_GATEWAY, T0 + 500 * MS, 3, 300);
        aggregator.admit(CLIENT_TO_GATEWAY, T0 + 999 * MS, 4, 400);
        aggregator.advanceTo(T0 + 999 * MS);
        assertThat(emitted).as("window [T0, T0+1s) still open").isEmpty();

        aggregator.advanceTo(T0 + SECOND);

        assertThat(emitted).containsExactly(new Emitted(CLIENT_TO_GATEWAY,
                new FlowAggregate(3, 900, T0 + 100 * MS, T0 + 999 * MS, 2)));
    }

    @Test
    void shouldEmitAtMostOneAggregatePerIntervalForASteadyFlow() {
        // 10 packets/s for 5 s: published 1 + one aggregate per second, the last one on flush.
        int published = 0;
        for (int k = 0; k < 50; k++) {
            if (aggregator.admit(CLIENT_TO_GATEWAY, T0 + k * 100 * MS, k, 100)) {
                published++;
            }
        }
        aggregator.flush();

        assertThat(published).isEqualTo(1);
        assertThat(emitted).extracting(e -> e.aggregate().packets()).containsExactly(9L, 10L, 10L, 10L, 10L);
        assertThat(emitted).extracting(e -> e.aggregate().firstMicros())
                .containsExactly(T0 + 100 * MS, T0 + SECOND, T0 + 2 * SECOND, T0 + 3 * SECOND, T0 + 4 * SECOND);
        assertThat(aggregator.trackedFlows()).isZero();
    }

    @Test
    void shouldPublishAtOnceAgainAfterAQuietWindow() {
        aggregator.admit(CLIENT_TO_GATEWAY, T0, 1, 100);
        aggregator.admit(CLIENT_TO_GATEWAY, T0 + 200 * MS, 2, 100);
        // Window [T0+1s, T0+2s) passes without a packet: the flow is forgotten.
        boolean publishedAfterPause = aggregator.admit(CLIENT_TO_GATEWAY, T0 + 2500 * MS, 3, 100);

        assertThat(publishedAfterPause).isTrue();
        assertThat(emitted).extracting(e -> e.aggregate().packets()).containsExactly(1L);
    }

    @Test
    void shouldEmitPendingAggregatesWhenFlushed() {
        aggregator.admit(CLIENT_TO_GATEWAY, T0, 1, 100);
        aggregator.admit(CLIENT_TO_GATEWAY, T0 + 10 * MS, 2, 100);
        aggregator.admit(GATEWAY_TO_CLIENT, T0 + 20 * MS, 3, 100);
        aggregator.admit(GATEWAY_TO_CLIENT, T0 + 30 * MS, 4, 150);
        aggregator.admit(GATEWAY_TO_CLIENT, T0 + 40 * MS, 5, 150);

        aggregator.flush();

        assertThat(emitted).containsExactlyInAnyOrder(
                new Emitted(CLIENT_TO_GATEWAY, new FlowAggregate(1, 100, T0 + 10 * MS, T0 + 10 * MS, 2)),
                new Emitted(GATEWAY_TO_CLIENT, new FlowAggregate(2, 300, T0 + 30 * MS, T0 + 40 * MS, 4)));
        assertThat(aggregator.trackedFlows()).isZero();
    }

    @Test
    void shouldFlushTheFlowClosingFirstWhenTooManyFlowsAreTracked() {
        FlowAggregator<String> small = new FlowAggregator<>(new AggregationPolicy(Duration.ofSeconds(1), 2),
                (flow, aggregate) -> emitted.add(new Emitted(flow, aggregate)));
        small.admit("a", T0, 1, 10);
        small.admit("a", T0 + 1 * MS, 2, 10);
        small.admit("b", T0 + 2 * MS, 3, 10);

        boolean thirdFlowPublished = small.admit("c", T0 + 3 * MS, 4, 10);

        assertThat(thirdFlowPublished).isTrue();
        assertThat(small.trackedFlows()).isEqualTo(2);
        assertThat(small.evictions()).isEqualTo(1);
        assertThat(emitted).containsExactly(new Emitted("a", new FlowAggregate(1, 10, T0 + 1 * MS, T0 + 1 * MS, 2)));
    }

    @Test
    void shouldReportTheEarliestTimeItMayStillHoldBack() {
        assertThat(aggregator.earliestHeldBackMicros()).isEqualTo(Long.MAX_VALUE);
        aggregator.admit(CLIENT_TO_GATEWAY, T0, 1, 100);
        aggregator.admit(CLIENT_TO_GATEWAY, T0 + 300 * MS, 2, 100);

        assertThat(aggregator.earliestHeldBackMicros()).isLessThanOrEqualTo(T0 + 300 * MS);

        aggregator.flush();
        assertThat(aggregator.earliestHeldBackMicros()).isEqualTo(Long.MAX_VALUE);
    }

    /** Whatever the traffic, every packet and byte is published exactly once, individually or in one aggregate. */
    @Property(tries = 200)
    void everyPacketIsAccountedForExactlyOnce(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 5) Integer> flowOfPacket,
            @ForAll @Size(min = 300, max = 300) List<@IntRange(min = 0, max = 700) Integer> gapMillis,
            @ForAll @IntRange(min = 1, max = 6) int maxFlows) {
        Map<Integer, Long> packetsOut = new HashMap<>();
        Map<Integer, List<FlowAggregate>> aggregatesOf = new HashMap<>();
        FlowAggregator<Integer> subject = new FlowAggregator<>(new AggregationPolicy(Duration.ofSeconds(1), maxFlows),
                (flow, aggregate) -> {
                    packetsOut.merge(flow, aggregate.packets(), Long::sum);
                    aggregatesOf.computeIfAbsent(flow, f -> new ArrayList<>()).add(aggregate);
                });
        Map<Integer, Long> packetsIn = new HashMap<>();
        long ts = T0;
        for (int i = 0; i < flowOfPacket.size(); i++) {
            ts += gapMillis.get(i) * MS;
            int flow = flowOfPacket.get(i);
            packetsIn.merge(flow, 1L, Long::sum);
            if (subject.admit(flow, ts, i, 1)) {
                packetsOut.merge(flow, 1L, Long::sum);
            }
        }
        subject.flush();

        assertThat(packetsOut).isEqualTo(packetsIn);
        aggregatesOf.values().forEach(runs -> {
            for (int i = 0; i < runs.size(); i++) {
                FlowAggregate run = runs.get(i);
                assertThat(run.lastMicros() - run.firstMicros()).isLessThan(SECOND);
                assertThat(run.bytes()).isEqualTo(run.packets());
                if (i > 0) {
                    // Runs never overlap: the next starts later in capture order. Two packets may share a
                    // capture time, so in time it starts at or after the previous run's last packet.
                    FlowAggregate previous = runs.get(i - 1);
                    assertThat(run.firstSeq()).isGreaterThan(previous.firstSeq());
                    assertThat(run.firstMicros()).isGreaterThanOrEqualTo(previous.lastMicros());
                }
            }
        });
    }
}
