package io.tunnelwatch.synth.scenario;

import io.tunnelwatch.synth.packet.Host;
import io.tunnelwatch.synth.pcap.Capture;
import io.tunnelwatch.synth.pcap.CapturedFrame;
import io.tunnelwatch.synth.pcap.CaptureFileWriter;
import io.tunnelwatch.synth.pcap.CaptureFormat;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Plans tunnels (one scenario, or a mix drawn across all of them) and writes their merged capture in timestamp
 * order with the expected outputs. Deterministic: everything derives from the seed through SplittableRandom, and
 * no clock is read. Tunnels are generated lazily in start order and merged through a priority queue, so a mix of
 * millions of packets needs memory only for the tunnels active at one time.
 */
public final class ScenarioGenerator {
    /**
     * 2010-06-01T11:00:00Z: generated captures start here, one hour after the reconstructed seed trace, so the
     * bundled samples replayed together span hours of event time, not years. No wall clock is ever read.
     */
    public static final long EPOCH_MICROS = 1_275_390_000_000_000L;
    /** Bundled samples start this far apart, each on its own client address. */
    public static final long SAMPLE_SPACING_MICROS = 5 * 60 * 1_000_000L;
    /** Mean ESP packets per established session in a single-scenario capture: small samples. */
    public static final int DEFAULT_SESSION_ESP_PACKETS = 12;
    /** Mean ESP packets per established session in a mix: a mostly-ESP file, as a gateway sees it. */
    public static final int DEFAULT_MIX_SESSION_ESP_PACKETS = 160;
    /** Mean time between two tunnels' starts in a mix (Poisson arrivals). */
    private static final long MIX_MEAN_ARRIVAL_MICROS = 300_000;
    /** A gateway serves this many tunnels on average in a mix. */
    private static final int TUNNELS_PER_GATEWAY = 50;

    /** How often each scenario is drawn in a mix: mostly successful tunnels, every failure present. */
    private static final List<Weighted> MIX = List.of(
        new Weighted(Scenario.QUICKVPN_TLS, 200), new Weighted(Scenario.IKEV1_MAIN, 150),
        new Weighted(Scenario.IKEV1_AGGRESSIVE, 100), new Weighted(Scenario.IKEV2, 150),
        new Weighted(Scenario.IKEV2_NATT, 100), new Weighted(Scenario.IKEV2_IPV6, 50),
        new Weighted(Scenario.TCP_NO_RESPONSE, 15), new Weighted(Scenario.TCP_REFUSED, 15),
        new Weighted(Scenario.TLS_ALERT, 15), new Weighted(Scenario.TLS_RESET, 15),
        new Weighted(Scenario.TLS_INCOMPLETE, 15), new Weighted(Scenario.IKE_NOT_STARTED, 15),
        new Weighted(Scenario.IKE_NO_RESPONSE, 15), new Weighted(Scenario.IKE_NOTIFY_ERROR, 15),
        new Weighted(Scenario.IKE_PHASE1_INCOMPLETE, 15), new Weighted(Scenario.IKE_PHASE2_NOT_STARTED, 15),
        new Weighted(Scenario.IKE_PHASE2_INCOMPLETE, 15), new Weighted(Scenario.ESP_NONE, 15),
        new Weighted(Scenario.ESP_ONE_WAY, 15),
        new Weighted(Scenario.IKEV2_INVALID_KE_TIMEOUT, 10), new Weighted(Scenario.IKEV2_AUTH_FAILED, 10),
        new Weighted(Scenario.TLS13_CERTIFICATE_REJECTED, 10), new Weighted(Scenario.REKEY_NO_RESPONSE, 15), new Weighted(Scenario.RETRY, 30), new Weighted(Scenario.MID_SESSION_PICKUP, 30),
        new Weighted(Scenario.NOISE, 40));

    private record Weighted(Scenario scenario, int weight) {
    }

    /** What was written: packet count and the expected outputs in event-time order. */
    public record Result(long packets, List<ExpectedEvent> expected) {
    }

    private ScenarioGenerator() {
    }

    /**
     * Plans {@code tunnels} tunnels of one scenario, or of a mix when {@code scenario} is null. Every tunnel has
     * its own client address; gateways are shared by several clients; starts are spread so tunnels overlap.
     */
    public static List<TunnelPlan> plan(Scenario scenario, int tunnels, long seed, int sessionEspPackets) {
        return plan(scenario, tunnels, seed, sessionEspPackets, EspTraffic.INTERACTIVE);
    }

    /** As {@link #plan(Scenario, int, long, int)}, with the established sessions' ESP spread as {@code espTraffic}. */
    public static List<TunnelPlan> plan(Scenario scenario, int tunnels, long seed, int sessionEspPackets,
                                        EspTraffic espTraffic) {
        SplittableRandom rng = new SplittableRandom(seed);
        int gateways = Math.max(1, (tunnels + TUNNELS_PER_GATEWAY - 1) / TUNNELS_PER_GATEWAY);
        int totalWeight = MIX.stream().mapToInt(Weighted::weight).sum();
        List<TunnelPlan> plans = new ArrayList<>(tunnels);
        long start = EPOCH_MICROS;
        int noisePlans = 0;
        for (int i = 0; i < tunnels; i++) {
            Scenario chosen = scenario != null ? scenario : draw(rng.nextInt(totalWeight));
            int gatewayIndex = rng.nextInt(gateways);
            Host gateway = switch (chosen) {
                case NOISE -> TunnelAddresses.noiseServers(noisePlans++);
                case IKEV2_IPV6 -> TunnelAddresses.ipv6Gateway(gatewayIndex);
                default -> TunnelAddresses.gateway(gatewayIndex);
            };
            Host client = chosen == Scenario.IKEV2_IPV6 ? TunnelAddresses.ipv6Client(i) : TunnelAddresses.client(i);
            int espPackets = (int) (sessionEspPackets / 4 + rng.nextLong(sessionEspPackets * 3L / 2 + 1));
            plans.add(new TunnelPlan(chosen, client, gateway, start, espPackets, espTraffic, rng.nextLong()));
            // Exponential inter-arrival (Poisson process), at least 1 ms apart.
            long mean = scenario != null ? 2_000_000 : MIX_MEAN_ARRIVAL_MICROS;
            start += 1_000 + (long) (-Math.log(1.0 - rng.nextDouble()) * mean);
        }
        return plans;
    }

    /**
     * The plan of bundled sample number {@code index}: client 100.64.0.(index+1), the shared gateway 198.18.0.1,
     * starting {@code index} sample spacings after the epoch, so samples replayed together never share a key.
     */
    public static TunnelPlan samplePlan(Scenario scenario, int index, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new TunnelPlan(scenario, TunnelAddresses.client(index), TunnelAddresses.gateway(0),
            EPOCH_MICROS + index * SAMPLE_SPACING_MICROS, DEFAULT_SESSION_ESP_PACKETS, rng.nextLong());
    }

    private static Scenario draw(int ticket) {
        int remaining = ticket;
        for (Weighted entry : MIX) {
            remaining -= entry.weight();
            if (remaining < 0) {
                return entry.scenario();
            }
        }
        throw new IllegalStateException("ticket beyond the total weight: " + ticket);
    }

    /** Generates the planned tunnels into {@code pcap} (classic pcap, microseconds), merged in time order. */
    public static Result write(List<TunnelPlan> plans, OutputStream pcap) {
        return write(plans, pcap, CaptureFormat.PCAP);
    }

    /** Generates the planned tunnels into {@code out} in the given file format, merged in time order. */
    public static Result write(List<TunnelPlan> plans, OutputStream out, CaptureFormat format) {
        List<ExpectedEvent> expected = new ArrayList<>();
        PriorityQueue<TunnelFrames> active = new PriorityQueue<>(
            Comparator.comparingLong(TunnelFrames::nextTimestamp).thenComparingInt(TunnelFrames::index));
        int nextPlan = 0;
        long packets = 0;
        try (CaptureFileWriter writer = format.open(out)) {
            while (nextPlan < plans.size() || !active.isEmpty()) {
                // Expand every tunnel that starts no later than the earliest pending frame: none of its frames
                // can precede its start, so nothing later in the plan list can come before the frame written.
                while (nextPlan < plans.size()
                    && (active.isEmpty() || plans.get(nextPlan).startMicros() <= active.peek().nextTimestamp())) {
                    TunnelPlan plan = plans.get(nextPlan);
                    Capture capture = new Capture();
                    expected.addAll(ScenarioScripts.generate(plan, capture));
                    TunnelFrames frames = new TunnelFrames(nextPlan, capture.framesInTimeOrder().iterator());
                    if (frames.hasNext()) {
                        active.add(frames);
                    }
                    nextPlan++;
                }
                TunnelFrames earliest = active.poll();
                CapturedFrame frame = earliest.next();
                writer.writeFrame(frame.timestampMicros(), frame.frame());
                packets++;
                if (earliest.hasNext()) {
                    active.add(earliest);
                }
            }
        }
        expected.sort(ExpectedEvent.EVENT_TIME_ORDER);
        return new Result(packets, expected);
    }

    /** One tunnel's frames in time order, with the next one's timestamp exposed for the merge. */
    private static final class TunnelFrames {
        private final int index;
        private final Iterator<CapturedFrame> frames;
        private CapturedFrame next;

        TunnelFrames(int index, Iterator<CapturedFrame> frames) {
            this.index = index;
            this.frames = frames;
            this.next = frames.hasNext() ? frames.next() : null;
        }

        int index() {
            return index;
        }

        long nextTimestamp() {
            return next.timestampMicros();
        }

        boolean hasNext() {
            return next != null;
        }

        CapturedFrame next() {
            CapturedFrame current = next;
            next = frames.hasNext() ? frames.next() : null;
            return current;
        }
    }
}
