package io.tunnelwatch.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The aggregator with its heap of windows gives exactly what the first, {@code TreeSet}-based one gave:
 * the same answer to every packet, the same aggregates in the same order, the same held-back bound and
 * the same evictions, whatever the traffic (many flows, ties in time, clock ticks, packets older than
 * the clock, flushes, a small flow limit).
 */
class FlowAggregatorReferenceProperties {
    private static final long T0 = 1_700_000_000_000_000L;
    private static final long MS = 1_000;

    /** One step of input: a packet of {@code flow} after {@code gapMillis}, a bare clock tick, or a flush. */
    record Step(Kind kind, int flow, int gapMillis, int bytes) {}

    enum Kind { PACKET, LATE_PACKET, TICK, FLUSH }

    private record Emitted(int flow, FlowAggregate aggregate) {}

    @Property(tries = 300)
    void agreesWithTheReferenceAggregator(@ForAll("traffic") List<Step> steps,
                                          @ForAll @IntRange(min = 1, max = 8) int maxFlows,
                                          @ForAll @IntRange(min = 1, max = 1500) int intervalMillis) {
        AggregationPolicy policy = new AggregationPolicy(Duration.ofMillis(intervalMillis), maxFlows);
        List<Emitted> fromHeap = new ArrayList<>();
        List<Emitted> fromReference = new ArrayList<>();
        FlowAggregator<Integer> subject = new FlowAggregator<>(policy, (f, a) -> fromHeap.add(new Emitted(f, a)));
        ReferenceFlowAggregator<Integer> reference =
                new ReferenceFlowAggregator<>(policy, (f, a) -> fromReference.add(new Emitted(f, a)));

        long ts = T0;
        long seq = 0;
        for (Step step : steps) {
            switch (step.kind()) {
                case PACKET, LATE_PACKET -> {
                    ts += step.gapMillis() * MS;
                    // A late packet carries a time before the clock (live capture on two interfaces).
                    long packetTs = step.kind() == Kind.LATE_PACKET ? ts - step.gapMillis() * MS / 2 - 1 : ts;
                    seq++;
                    assertThat(subject.admit(step.flow(), packetTs, seq, step.bytes()))
                            .as("published at once, packet %d", seq)
                            .isEqualTo(reference.admit(step.flow(), packetTs, seq, step.bytes()));
                }
                case TICK -> {
                    ts += step.gapMillis() * MS;
                    subject.advanceTo(ts);
                    reference.advanceTo(ts);
                }
                case FLUSH -> {
                    subject.flush();
                    reference.flush();
                }
            }
            assertThat(fromHeap).isEqualTo(fromReference);
            assertThat(subject.earliestHeldBackMicros()).isEqualTo(reference.earliestHeldBackMicros());
            assertThat(subject.trackedFlows()).isEqualTo(reference.trackedFlows());
        }
        subject.flush();
        reference.flush();

        assertThat(fromHeap).isEqualTo(fromReference);
        assertThat(subject.evictions()).isEqualTo(reference.evictions());
        assertThat(subject.packetsAbsorbed()).isEqualTo(reference.packetsAbsorbed());
        assertThat(subject.aggregatesEmitted()).isEqualTo(reference.aggregatesEmitted());
    }

    @Provide
    Arbitrary<List<Step>> traffic() {
        Arbitrary<Kind> kind = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(80, Arbitraries.just(Kind.PACKET)),
                net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.LATE_PACKET)),
                net.jqwik.api.Tuple.of(10, Arbitraries.just(Kind.TICK)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.FLUSH)));
        // Gaps of 0 ms are frequent so windows of different flows end at the same instant (ties).
        Arbitrary<Integer> gap = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(60, Arbitraries.integers().between(1, 400)),
                net.jqwik.api.Tuple.of(10, Arbitraries.integers().between(401, 4000)));
        Arbitrary<Step> step = Combinators.combine(kind, Arbitraries.integers().between(0, 11), gap,
                Arbitraries.integers().between(40, 1500)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(400);
    }
}
