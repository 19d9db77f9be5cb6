package io.tunnelwatch.synth;

import io.tunnelwatch.synth.scenario.ExpectedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks each expected event against the packets of the capture, read back by the tests' own reader: the packet
 * (or, for a timer, the packet that started the timer, at the timestamp minus the contract's default timeout)
 * must be there, of the right kind, from the right side, and nothing that would have prevented the verdict may
 * lie inside the timer's window. This is what makes the expected files an oracle and not a restatement of the
 * generator.
 */
final class PacketEvidence {
    private static final long SECOND = 1_000_000L;

    private PacketEvidence() {
    }

    static void assertAgree(List<TestPacket> packets, List<ExpectedEvent> events) {
        java.util.Map<String, List<TestPacket>> byPair = new java.util.HashMap<>();
        for (TestPacket p : packets) {
            byPair.computeIfAbsent(pairKey(p.src, p.dst), k -> new ArrayList<>()).add(p);
        }
        for (ExpectedEvent event : events) {
            List<TestPacket> pair = byPair.getOrDefault(pairKey(event.client(), event.gateway()), List.of());
            assertThat(pair).as("packets between %s and %s", event.client(), event.gateway()).isNotEmpty();
            new Check(pair, event, events).run();
        }
    }

    private static String pairKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
    }

    private record Check(List<TestPacket> pair, ExpectedEvent event, List<ExpectedEvent> all) {
        void run() {
            long ts = event.tsMicros();
            switch (event.type()) {
                case "established" -> established(ts);
                case "closed" -> closed(ts);
                case "alert" -> alert(ts);
                default -> throw new AssertionError("unknown event type " + event.type());
            }
        }

        private void established(long ts) {
            TestPacket completing = at(ts, TestPacket::isEsp, "the ESP packet completing both directions");
            boolean fromClient = fromClient(completing);
            long since = previousVerdict(ts);
            assertThat(window(since, ts - 1, p -> p.isEsp() && fromClient(p) == fromClient))
                .as("no earlier ESP in the completing direction since the last verdict").isEmpty();
            assertThat(window(since, ts, p -> p.isEsp() && fromClient(p) != fromClient))
                .as("ESP in the other direction before the completing packet").isNotEmpty();
            assertThat(event.attempt()).isNotNull();
        }

        private void closed(long ts) {
            long last = ts - 120 * SECOND;
            at(last, p -> true, "the last activity, idle-timeout before closing");
            assertThat(window(last, ts, p -> p.tsMicros > last)).as("nothing between the pair while idle").isEmpty();
            ExpectedEvent established = all.stream()
                .filter(e -> e.type().equals("established") && e.client().equals(event.client())
                    && e.tsMicros() < ts)
                .reduce((a, b) -> b).orElseThrow();
            assertThat(event.durationMicros()).isEqualTo(last - established.tsMicros());
        }

        private void alert(long ts) {
            assertThat(event.stage()).isEqualTo(event.reason().stage());
            assertThat(event.attempt()).isPositive();
            switch (event.reason()) {
                case TCP_REFUSED -> at(ts, p -> !fromClient(p) && p.isTcp() && p.hasFlag(0x04), "the RST");
                case TLS_RESET -> at(ts, p -> p.isTcp() && p.hasFlag(0x04), "the RST");
                case TLS_ALERT -> at(ts, p -> p.isTcp() && p.payload.length >= 7 && p.payload[0] == 21
                    && p.payload[5] == 2 && String.valueOf(p.payload[6]).equals(event.evidence()), "the fatal alert");
                case IKE_NOTIFY_ERROR -> {
                    if (event.evidence().equals("17")) {   // IKEv2 retry hint: judged when phase 1 times out
                        at(ts - 30 * SECOND, this::phase1Start, "the first IKE_SA_INIT");
                        assertThat(window(ts - 30 * SECOND, ts, p -> !fromClient(p) && p.isakmp() != null
                            && p.ikeNotifyTypes().contains(17))).isNotEmpty();
                    } else {
                        at(ts, p -> !fromClient(p) && p.isakmp() != null
                            && p.ikeNotifyTypes().contains(Integer.valueOf(event.evidence())), "the Notify");
                    }
                }
                case TCP_NO_RESPONSE -> {
                    at(ts - 10 * SECOND, p -> fromClient(p) && p.isTcp() && p.tcpFlags == 0x02, "the first SYN");
                    assertThat(window(ts - 10 * SECOND, ts, p -> !fromClient(p) && p.isTcp())).isEmpty();
                }
                case TLS_INCOMPLETE -> {
                    at(ts - 20 * SECOND, p -> !fromClient(p) && p.isTcp() && p.tcpFlags == 0x12, "the SYN-ACK");
                    assertThat(window(ts - 20 * SECOND, ts, p -> p.isTcp() && (p.hasFlag(0x04) || p.hasFlag(0x01))))
                        .isEmpty();
                }
                case IKE_NOT_STARTED -> {
                    at(ts - 60 * SECOND, p -> p.isTcp() && p.payload.length > 0 && (p.payload[0] == 20
                        || p.payload[0] == 23), "the ChangeCipherSpec or application data completing the handshake");
                    assertThat(window(ts - 60 * SECOND, ts, p -> p.isakmp() != null)).isEmpty();
                }
                case IKE_NO_RESPONSE -> {
                    at(ts - 30 * SECOND, this::phase1Start, "the first phase-1 message");
                    assertThat(window(ts - 30 * SECOND, ts, p -> !fromClient(p) && p.isakmp() != null)).isEmpty();
                    if (!event.rekey()) {
                        assertThat(window(ts - 30 * SECOND, ts, p -> !fromClient(p))).isEmpty();
                    }
                }
                case IKE_PHASE1_INCOMPLETE -> {
                    at(ts - 30 * SECOND, this::phase1Start, "the first phase-1 message");
                    assertThat(window(ts - 30 * SECOND, ts, p -> !fromClient(p) && p.isakmp() != null)).isNotEmpty();
                    assertThat(window(ts - 30 * SECOND, ts, p -> !fromClient(p) && p.isakmp() != null
                        && p.ikeExchangeType() == 2 && (p.ikeFlags() & 1) != 0)).as("no MM6").isEmpty();
                }
                case IKE_PHASE2_NOT_STARTED -> {
                    at(ts - 30 * SECOND, p -> !fromClient(p) && p.isakmp() != null && p.ikeExchangeType() == 2
                        && (p.ikeFlags() & 1) != 0, "MM6");
                    assertThat(window(ts - 30 * SECOND, ts, this::quickMode)).isEmpty();
                }
                case IKE_PHASE2_INCOMPLETE -> {
                    at(ts - 30 * SECOND, p -> fromClient(p) && quickMode(p), "QM1");
                    assertThat(window(ts - 30 * SECOND, ts, p -> !fromClient(p) && quickMode(p))).isEmpty();
                }
                case ESP_NONE -> {
                    at(ts - 60 * SECOND, p -> !fromClient(p) && (quickMode(p) || ikeAuth(p)), "QM2 or IKE_AUTH response");
                    assertThat(window(ts - 60 * SECOND, ts, TestPacket::isEsp)).isEmpty();
                }
                case ESP_ONE_WAY -> {
                    at(ts - 60 * SECOND, p -> !fromClient(p) && quickMode(p), "QM2");
                    boolean clientSide = event.evidence().equals("CLIENT_TO_GATEWAY");
                    List<TestPacket> esp = window(ts - 60 * SECOND, ts, TestPacket::isEsp);
                    assertThat(esp).isNotEmpty().allMatch(p -> fromClient(p) == clientSide);
                }
            }
        }

        private boolean phase1Start(TestPacket p) {
            return fromClient(p) && p.isakmp() != null && p.ikeResponderSpi() == 0
                && (p.ikeExchangeType() == 2 || p.ikeExchangeType() == 4 || p.ikeExchangeType() == 34);
        }

        private boolean ikeAuth(TestPacket p) {
            return p.isakmp() != null && p.ikeExchangeType() == 35;
        }

        private boolean quickMode(TestPacket p) {
            return p.isakmp() != null && p.ikeExchangeType() == 32;
        }

        private boolean fromClient(TestPacket p) {
            return p.src.equals(event.client());
        }

        private TestPacket at(long ts, Predicate<TestPacket> kind, String what) {
            List<TestPacket> found = pair.stream().filter(p -> p.tsMicros == ts && kind.test(p)).toList();
            assertThat(found).as("%s at %d for %s", what, ts, event.toJsonLine()).isNotEmpty();
            return found.get(0);
        }

        /** Packets of the pair with from <= ts <= to. */
        private List<TestPacket> window(long from, long to, Predicate<TestPacket> kind) {
            List<TestPacket> found = new ArrayList<>();
            for (TestPacket p : pair) {
                if (p.tsMicros >= from && p.tsMicros <= to && kind.test(p)) {
                    found.add(p);
                }
            }
            return found;
        }

        /** The time of the key's last verdict (alert or closed) before ts, or the start of time. */
        private long previousVerdict(long ts) {
            return all.stream()
                .filter(e -> e.client().equals(event.client()) && e.tsMicros() < ts && !e.type().equals("established"))
                .mapToLong(ExpectedEvent::tsMicros).max().orElse(Long.MIN_VALUE);
        }
    }
}
