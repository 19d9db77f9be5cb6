package io.tunnelwatch.synth;

import io.tunnelwatch.synth.scenario.EspTraffic;
import io.tunnelwatch.synth.scenario.ExpectedEvent;
import io.tunnelwatch.synth.scenario.FailureReason;
import io.tunnelwatch.synth.scenario.Scenario;
import io.tunnelwatch.synth.scenario.ScenarioGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioGeneratorTest {
    private record Generated(byte[] pcap, List<TestPacket> packets, List<ExpectedEvent> expected) {
    }

    private static Generated generate(Scenario scenario, int tunnels, long seed, int espPackets) {
        return generate(scenario, tunnels, seed, espPackets, EspTraffic.INTERACTIVE);
    }

    private static Generated generate(Scenario scenario, int tunnels, long seed, int espPackets, EspTraffic traffic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ScenarioGenerator.Result result = ScenarioGenerator.write(
            ScenarioGenerator.plan(scenario, tunnels, seed, espPackets, traffic), out);
        List<TestPacket> packets = TestPcapReader.read(out.toByteArray());
        assertThat(packets).hasSize((int) result.packets());
        return new Generated(out.toByteArray(), packets, result.expected());
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyScenarioShouldWriteValidTimeOrderedPacketsThatAgreeWithItsExpectedEvents(Scenario scenario) {
        Generated generated = generate(scenario, 3, 11, ScenarioGenerator.DEFAULT_SESSION_ESP_PACKETS);

        assertThat(generated.packets()).isNotEmpty();
        assertThat(generated.packets()).allMatch(p -> p.ipChecksumValid && p.transportChecksumValid);
        assertThat(generated.packets()).extracting(p -> p.tsMicros).isSorted();
        PacketEvidence.assertAgree(generated.packets(), generated.expected());
        assertThat(generated.expected()).isSortedAccordingTo(ExpectedEvent.EVENT_TIME_ORDER);
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"QUICKVPN_TLS", "IKEV1_MAIN", "IKEV1_AGGRESSIVE", "IKEV2", "IKEV2_NATT", "IKEV2_IPV6"})
    void successfulScenariosShouldExpectEstablishedThenClosedPerTunnel(Scenario scenario) {
        List<ExpectedEvent> expected = generate(scenario, 2, 5, 20).expected();

        assertThat(expected).extracting(ExpectedEvent::type).containsExactlyInAnyOrder(
            "established", "closed", "established", "closed");
        assertThat(expected).filteredOn(e -> e.type().equals("established"))
            .extracting(ExpectedEvent::attempt).containsOnly(1);
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void everyFailureScenarioShouldEndInItsOwnAlert(FailureReason reason) {
        List<ExpectedEvent> expected = generate(Scenario.valueOf(reason.name()), 1, 3, 12).expected();

        ExpectedEvent last = expected.get(expected.size() - 1);
        assertThat(last.type()).isEqualTo("alert");
        assertThat(last.reason()).isEqualTo(reason);
        assertThat(last.stage()).isEqualTo(reason.stage());
        assertThat(expected).allMatch(e -> e.type().equals("alert"));
    }

    @Test
    void retryShouldSucceedOnTheSecondAttempt() {
        List<ExpectedEvent> expected = generate(Scenario.RETRY, 1, 9, 12).expected();

        assertThat(expected).extracting(ExpectedEvent::type, ExpectedEvent::reason, ExpectedEvent::attempt)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("alert", FailureReason.IKE_NO_RESPONSE, 1),
                org.assertj.core.groups.Tuple.tuple("established", null, 2),
                org.assertj.core.groups.Tuple.tuple("closed", null, null));
    }

    @Test
    void failedRekeyShouldAlertWithoutLeavingTheEstablishedSession() {
        List<ExpectedEvent> expected = generate(Scenario.REKEY_NO_RESPONSE, 1, 9, 12).expected();

        assertThat(expected).extracting(ExpectedEvent::type, ExpectedEvent::reason, ExpectedEvent::attempt,
                ExpectedEvent::rekey)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("established", null, 1, false),
                org.assertj.core.groups.Tuple.tuple("alert", FailureReason.IKE_NO_RESPONSE, 1, true),
                org.assertj.core.groups.Tuple.tuple("closed", null, null, false));
        assertThat(expected.get(1).toJsonLine()).contains("\"rekey\":true");
    }

    @Test
    void pickupShouldEstablishWithoutAttemptAfterOneWayVerdict() {
        List<ExpectedEvent> expected = generate(Scenario.MID_SESSION_PICKUP, 1, 9, 12).expected();

        assertThat(expected).extracting(ExpectedEvent::type, ExpectedEvent::reason, ExpectedEvent::attempt)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("alert", FailureReason.ESP_ONE_WAY, 1),
                org.assertj.core.groups.Tuple.tuple("established", null, 0),
                org.assertj.core.groups.Tuple.tuple("closed", null, null));
    }

    @Test
    void ipv6TunnelsShouldUseIpv6FramesAndCompressedAddresses() {
        Generated generated = generate(Scenario.IKEV2_IPV6, 2, 4, 12);

        assertThat(generated.packets()).allMatch(p -> p.etherType == 0x86DD);
        assertThat(generated.expected()).extracting(ExpectedEvent::client)
            .contains("2001:db8:100::1", "2001:db8:100::2");
        assertThat(generated.packets()).anyMatch(p -> p.protocol == 50);
    }

    @Test
    void noiseShouldExpectNothing() {
        Generated generated = generate(Scenario.NOISE, 4, 2, 12);

        assertThat(generated.expected()).isEmpty();
        assertThat(generated.packets()).noneMatch(p -> p.isEsp() || p.isakmp() != null);
    }

    @Test
    void sameSeedShouldGiveTheSameBytesAndAnotherSeedOtherBytes() {
        Generated first = generate(null, 60, 42, 30);
        Generated again = generate(null, 60, 42, 30);
        Generated other = generate(null, 60, 43, 30);

        assertThat(again.pcap()).isEqualTo(first.pcap());
        assertThat(again.expected()).isEqualTo(first.expected());
        assertThat(other.pcap()).isNotEqualTo(first.pcap());
    }

    @Test
    void mixShouldDrawEveryScenarioOnDistinctClientsWithMostlyEsp() {
        int tunnels = 1500;
        List<io.tunnelwatch.synth.scenario.TunnelPlan> plans = ScenarioGenerator.plan(null, tunnels, 7, 160);
        Set<Scenario> drawn = plans.stream().map(io.tunnelwatch.synth.scenario.TunnelPlan::scenario)
            .collect(Collectors.toSet());
        Set<String> clients = new HashSet<>();
        plans.forEach(p -> clients.add(p.client().addressText()));
        Generated generated = generate(null, 200, 7, 120);
        long esp = generated.packets().stream().filter(TestPacket::isEsp).count();
        Map<String, Long> perType = generated.expected().stream()
            .collect(Collectors.groupingBy(ExpectedEvent::type, Collectors.counting()));

        assertThat(drawn).containsExactlyInAnyOrder(Scenario.values());
        assertThat(clients).hasSize(tunnels);
        assertThat(esp).isGreaterThan(generated.packets().size() * 6L / 10);
        assertThat(perType.get("established")).isGreaterThan(perType.get("alert"));
        PacketEvidence.assertAgree(generated.packets(), generated.expected());
    }

    @Test
    void bulkTrafficShouldKeepTheVerdictsAndPackManyPacketsIntoEachSecondOfADirection() {
        Generated interactive = generate(null, 200, 7, 160, EspTraffic.INTERACTIVE);
        Generated bulk = generate(null, 200, 7, 160, EspTraffic.BULK);

        assertThat(bulk.packets()).allMatch(p -> p.ipChecksumValid && p.transportChecksumValid);
        assertThat(bulk.packets()).extracting(p -> p.tsMicros).isSorted();
        PacketEvidence.assertAgree(bulk.packets(), bulk.expected());
        // The same tunnels with the same verdicts: only the timing of ESP inside the sessions differs.
        assertThat(bulk.expected()).extracting(ExpectedEvent::type, ExpectedEvent::attempt)
            .containsExactlyInAnyOrderElementsOf(interactive.expected().stream()
                .map(e -> org.assertj.core.groups.Tuple.tuple(e.type(), e.attempt())).toList());
        assertThat(espPerDirectionSecond(bulk.packets())).isGreaterThan(4 * espPerDirectionSecond(interactive.packets()));
    }

    /** Mean ESP packets per (source, destination, second) that has any: what one aggregate would hold. */
    private static double espPerDirectionSecond(List<TestPacket> packets) {
        Map<String, Long> perBucket = packets.stream().filter(TestPacket::isEsp)
            .collect(Collectors.groupingBy(p -> p.src + ">" + p.dst + "@" + p.tsMicros / 1_000_000,
                Collectors.counting()));
        return perBucket.values().stream().mapToLong(Long::longValue).average().orElse(0);
    }
}
