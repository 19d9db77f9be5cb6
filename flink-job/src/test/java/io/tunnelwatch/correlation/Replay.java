package io.tunnelwatch.correlation;

import java.util.ArrayList;
import java.util.List;

/** Replays facts through the {@link EventTimeDriver} as a bounded capture, end-of-input included. */
final class Replay {
    final EventTimeDriver driver;
    final List<CorrelationOutput> outputs = new ArrayList<>();

    private Replay(CorrelationConfig config) {
        driver = EventTimeDriver.withDefaultBound(config);
    }

    static Replay of(CorrelationConfig config, List<PacketFact> facts) {
        Replay replay = new Replay(config);
        facts.forEach(fact -> replay.outputs.addAll(replay.driver.accept(fact)));
        replay.outputs.addAll(replay.driver.endOfInput());
        return replay;
    }

    static Replay of(CorrelationConfig config, Conversation... conversations) {
        List<PacketFact> facts = new ArrayList<>();
        for (Conversation conversation : conversations) {
            facts.addAll(conversation.facts());
        }
        facts.sort(java.util.Comparator.comparingLong(PacketFact::tsMicros));
        return of(config, facts);
    }

    List<HandshakeAlert> alerts() {
        return outputs.stream().filter(HandshakeAlert.class::isInstance).map(HandshakeAlert.class::cast).toList();
    }

    HandshakeAlert onlyAlert() {
        List<HandshakeAlert> alerts = alerts();
        if (alerts.size() != 1) {
            throw new AssertionError("expected exactly one alert, got " + outputs);
        }
        return alerts.get(0);
    }

    List<TunnelEstablished> established() {
        return outputs.stream().filter(TunnelEstablished.class::isInstance).map(TunnelEstablished.class::cast).toList();
    }

    List<TunnelClosed> closed() {
        return outputs.stream().filter(TunnelClosed.class::isInstance).map(TunnelClosed.class::cast).toList();
    }
}
