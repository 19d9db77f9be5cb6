package io.tunnelwatch.correlation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs the {@link TunnelStateMachine} over an unordered stream, deterministically, the way the Flink
 * job does with event-time timers: the reference for the adapter, and the harness for tests and
 * benchmarks.
 *
 * <p>The watermark trails the largest event time seen by the out-of-orderness bound (as Flink's
 * {@code forBoundedOutOfOrderness}: {@code max − bound − 1}); it says every input at or before it
 * has arrived. Inputs are buffered until the watermark passes them, then released in (event time,
 * capture sequence, agent) order, facts before drop reports at equal times. Before an input at time t
 * is applied, every timer with a deadline before t fires; after the released inputs, every timer at
 * or before the watermark fires. Inputs at or before the watermark on arrival are late: counted and
 * dropped, since applying them would make the outcome depend on arrival order.
 *
 * <p>Not thread-safe; one instance per stream.
 */
public final class EventTimeDriver {

    private static final Comparator<Pending> RELEASE_ORDER = Comparator
            .comparingLong(Pending::timeMicros)
            .thenComparingInt(Pending::order)
            .thenComparingLong(Pending::captureSeq)
            .thenComparing(Pending::agentId);

    private final TunnelStateMachine machine;
    private final CorrelationConfig config;
    private final long boundMicros;
    private final PriorityQueue<Pending> buffer = new PriorityQueue<>(RELEASE_ORDER);
    private final Map<TunnelKey, TunnelState> states = new HashMap<>();
    private final Map<TunnelKey, Long> timerOfKey = new HashMap<>();
    private final TreeSet<Timer> timers = new TreeSet<>();
    private final Map<String, DropReport> latestDrops = new TreeMap<>();
    private long maxSeenMicros = Long.MIN_VALUE;
    private long watermarkMicros = Long.MIN_VALUE;
    private long lateInputs;
    private long ignoredFacts;

    public EventTimeDriver(CorrelationConfig config, Duration outOfOrderness) {
        if (outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("out-of-orderness must not be negative, was " + outOfOrderness);
        }
        this.config = config;
        this.machine = new TunnelStateMachine(config);
        this.boundMicros = outOfOrderness.toNanos() / 1_000;
    }

    /** The contract's default out-of-orderness bound. */
    public static EventTimeDriver withDefaultBound(CorrelationConfig config) {
        return new EventTimeDriver(config, Duration.ofSeconds(2));
    }

    public List<CorrelationOutput> accept(PacketFact fact) {
        Optional<TunnelKey> key = TunnelKey.forPacket(fact, config);
        if (key.isEmpty()) {
            ignoredFacts++;
            return List.of();
        }
        return arrive(new Pending(fact.tsMicros(), 0, fact.captureSeq(), fact.agentId(), key.get(), fact, null));
    }

    /** A heartbeat's drop counters; its capture clock also moves event time on at a quiet site. */
    public List<CorrelationOutput> accept(DropReport report) {
        return arrive(new Pending(report.captureClockMicros(), 1, 0, report.agentId(), null, null, report));
    }

    /** The bounded input ended: release everything, then fire every pending timer at its deadline. */
    public List<CorrelationOutput> endOfInput() {
        List<CorrelationOutput> outputs = new ArrayList<>();
        advanceTo(Long.MAX_VALUE - 1, outputs);
        return outputs;
    }

    public long watermarkMicros() {
        return watermarkMicros;
    }

    /** Keys holding state; zero once every tunnel went back to IDLE and was forgotten. */
    public int trackedTunnels() {
        return states.size();
    }

    public int pendingTimers() {
        return timers.size();
    }

    public long lateInputs() {
        return lateInputs;
    }

    public long ignoredFacts() {
        return ignoredFacts;
    }

    /** The state of a key, for tests; {@link TunnelState#empty()} when none is held. */
    public TunnelState stateOf(TunnelKey key) {
        return states.getOrDefault(key, TunnelState.empty());
    }

    private List<CorrelationOutput> arrive(Pending input) {
        if (input.timeMicros() <= watermarkMicros) {
            lateInputs++;
            return List.of();
        }
        buffer.add(input);
        maxSeenMicros = Math.max(maxSeenMicros, input.timeMicros());
        List<CorrelationOutput> outputs = new ArrayList<>();
        if (maxSeenMicros - boundMicros - 1 > watermarkMicros) {
            advanceTo(maxSeenMicros - boundMicros - 1, outputs);
        }
        return outputs;
    }

    private void advanceTo(long watermark, List<CorrelationOutput> outputs) {
        watermarkMicros = watermark;
        while (!buffer.isEmpty() && buffer.peek().timeMicros() <= watermark) {
            Pending input = buffer.poll();
            fireTimers(input.timeMicros() - 1, outputs);
            if (input.fact() != null) {
                applyFact(input.key(), input.fact(), outputs);
            } else {
                applyDropReport(input.drops(), outputs);
            }
        }
        fireTimers(watermark, outputs);
    }

    private void applyFact(TunnelKey key, PacketFact fact, List<CorrelationOutput> outputs) {
        TunnelState before = states.get(key);
        Transition transition = machine.onPacket(before == null ? TunnelState.empty() : before, fact);
        DropReport baseline = latestDrops.get(fact.agentId());
        if (before == null && !transition.isEmpty() && baseline != null) {
            outputs.addAll(transition.outputs());
            transition = machine.onDropReport(transition.state(), baseline);
        }
        store(key, transition, outputs);
    }

    private void applyDropReport(DropReport report, List<CorrelationOutput> outputs) {
        latestDrops.put(report.agentId(), report);
        for (TunnelKey key : new ArrayList<>(new TreeMap<>(states).keySet())) {
            store(key, machine.onDropReport(states.get(key), report), outputs);
        }
    }

    private void fireTimers(long upToMicros, List<CorrelationOutput> outputs) {
        while (!timers.isEmpty() && timers.first().deadlineMicros() <= upToMicros) {
            Timer timer = timers.pollFirst();
            timerOfKey.remove(timer.key());
            store(timer.key(), machine.onTimer(states.get(timer.key()), timer.deadlineMicros()), outputs);
        }
    }

    private void store(TunnelKey key, Transition transition, List<CorrelationOutput> outputs) {
        outputs.addAll(transition.outputs());
        Long previous = timerOfKey.remove(key);
        if (previous != null) {
            timers.remove(new Timer(previous, key));
        }
        if (transition.isEmpty()) {
            states.remove(key);
            return;
        }
        states.put(key, transition.state());
        if (transition.hasTimer()) {
            timers.add(new Timer(transition.timerMicros(), key));
            timerOfKey.put(key, transition.timerMicros());
        }
    }

    private record Pending(long timeMicros, int order, long captureSeq, String agentId, TunnelKey key,
                           PacketFact fact, DropReport drops) {
    }

    private record Timer(long deadlineMicros, TunnelKey key) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byDeadline = Long.compare(deadlineMicros, other.deadlineMicros);
            return byDeadline != 0 ? byDeadline : key.compareTo(other.key);
        }
    }
}
