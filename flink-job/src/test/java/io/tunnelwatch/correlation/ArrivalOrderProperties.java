package io.tunnelwatch.correlation;

import static io.tunnelwatch.correlation.Conversation.CLIENT_PORT;
import static io.tunnelwatch.correlation.Conversation.HTTPS;
import static io.tunnelwatch.correlation.Conversation.ISPI;
import static io.tunnelwatch.correlation.Conversation.T0;
import static io.tunnelwatch.correlation.Conversation.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Determinism: any arrival order within the out-of-orderness bound gives the same outputs, per
 * tunnel in the same order, as the inputs sorted by event time.
 */
class ArrivalOrderProperties {
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final long BOUND_MICROS = 2_000_000;
    private static final CorrelationConfig CONFIG = CorrelationConfig.builder()
            .gateways("203.0.113.0/24", "79.189.214.86/32").build();

    private static final List<Input> INPUTS = inputs();
    private static final Map<String, List<CorrelationOutput>> IN_ORDER = byTunnel(replay(INPUTS));

    /** A fact or a heartbeat's drop report, with the event time it is ordered by. */
    private record Input(long timeMicros, PacketFact fact, DropReport drops) {
    }

    @Property(tries = 100)
    void anyArrivalOrderWithinTheBoundGivesTheSameOutputs(@ForAll long shuffleSeed) {
        List<Input> arrivals = withinBound(INPUTS, new Random(shuffleSeed));
        EventTimeDriver driver = new EventTimeDriver(CONFIG, BOUND);
        List<CorrelationOutput> actual = feed(driver, arrivals);

        assertThat(driver.lateInputs()).isZero();
        assertThat(byTunnel(actual)).isEqualTo(IN_ORDER);
        assertThat(driver.trackedTunnels()).isZero();
    }

    @Example
    void theScenarioMixRaisesAlertsOnEveryTunnel() {
        Map<String, List<CorrelationOutput>> outputs = IN_ORDER;

        assertThat(outputs).hasSize(3);
        assertThat(outputs.values()).allSatisfy(perTunnel -> assertThat(perTunnel).isNotEmpty());
        assertThat(outputs.values().stream().flatMap(List::stream))
                .filteredOn(HandshakeAlert.class::isInstance)
                .extracting(o -> ((HandshakeAlert) o).inconclusive())
                .as("some verdicts see capture loss, some do not").contains(true, false);
    }

    private static List<CorrelationOutput> replay(List<Input> inputs) {
        return feed(new EventTimeDriver(CONFIG, BOUND), inputs);
    }

    private static List<CorrelationOutput> feed(EventTimeDriver driver, List<Input> inputs) {
        List<CorrelationOutput> outputs = new ArrayList<>();
        for (Input input : inputs) {
            outputs.addAll(input.fact() != null ? driver.accept(input.fact()) : driver.accept(input.drops()));
        }
        outputs.addAll(driver.endOfInput());
        return outputs;
    }

    /** Each input arrives up to (not including) the bound after its event time. */
    private static List<Input> withinBound(List<Input> inputs, Random random) {
        record Arrival(long at, int tieBreak, Input input) {
        }
        List<Arrival> arrivals = new ArrayList<>();
        for (Input input : inputs) {
            arrivals.add(new Arrival(input.timeMicros() + (long) (random.nextDouble() * BOUND_MICROS),
                    random.nextInt(), input));
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::tieBreak));
        return arrivals.stream().map(Arrival::input).toList();
    }

    private static Map<String, List<CorrelationOutput>> byTunnel(List<CorrelationOutput> outputs) {
        return outputs.stream().collect(Collectors.groupingBy(o -> o.tunnel().tunnelId(), LinkedHashMap::new,
                Collectors.toList()));
    }

    /** The seed, a client failing several ways then succeeding, and a second client with loss and ESP one way. */
    private static List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        SeedTrace.facts(T0).forEach(f -> inputs.add(new Input(f.tsMicros(), f, null)));

        Conversation retrying = new Conversation("198.51.100.7", "203.0.113.1", "agent-1");
        retrying.syn(T0, CLIENT_PORT, HTTPS, 1);
        retrying.syn(T0, CLIENT_PORT + 1, Conversation.ALT_HTTPS, 2);
        retrying.rst(seconds(0.5), false, CLIENT_PORT, HTTPS);
        retrying.synAck(seconds(10), CLIENT_PORT + 1, Conversation.ALT_HTTPS);
        retrying.syn(seconds(40), CLIENT_PORT, HTTPS, 1);
        long loggedIn = retrying.tlsLogin(seconds(41), CLIENT_PORT + 2, HTTPS);
        PacketFact mm1 = retrying.mainMode1(loggedIn + 60_000_000, ISPI);
        retrying.again(loggedIn + 61_000_000, mm1);
        long mm6 = retrying.mainMode(seconds(200), ISPI + 1);
        long qm2 = retrying.quickMode(mm6 + 1_000_000, ISPI + 1);
        retrying.esp(qm2, true);
        retrying.esp(qm2, false);
        retrying.esp(qm2 + 60_000_000, false);
        retrying.facts().forEach(f -> inputs.add(new Input(f.tsMicros(), f, null)));

        Conversation lossy = new Conversation("192.0.2.50", "203.0.113.9", "agent-2");
        long lossyQm2 = lossy.quickMode(lossy.mainMode(seconds(3), ISPI + 7) + 100_000, ISPI + 7);
        lossy.esp(lossyQm2 + 1_000_000, true);
        lossy.mainMode1(seconds(150), ISPI + 8);
        lossy.facts().forEach(f -> inputs.add(new Input(f.tsMicros(), f, null)));

        for (int second = 0; second <= 300; second += 5) {
            long drops = second < 30 ? 0 : second < 160 ? 3 : 10;
            inputs.add(new Input(seconds(second), null, new DropReport("agent-2", seconds(second), drops, 0, 0)));
            inputs.add(new Input(seconds(second), null, new DropReport("agent-1", seconds(second), 0, 0, 0)));
        }
        inputs.sort(Comparator.comparingLong(Input::timeMicros));
        return inputs;
    }
}
