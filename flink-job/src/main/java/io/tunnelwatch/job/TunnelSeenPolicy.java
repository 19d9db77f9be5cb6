package io.tunnelwatch.job;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stand-in policy until the tunnel state machine is plugged in: it remembers that a tunnel was
 * seen and, once nothing was seen on it for {@code idleTimeout} of event time, emits one
 * {@code vpn-tunnel-seen} event and returns the tunnel to IDLE. It exercises the whole plumbing:
 * ordering, deadlines that move, end-of-input firing, state cleanup.
 */
public final class TunnelSeenPolicy implements TunnelPolicy<TunnelSeenPolicy.Seen> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String ACTION = "vpn-tunnel-seen";

    /**
     * What the stand-in remembers of a tunnel.
     *
     * @param firstSeq and {@code lastSeq}: capture sequence numbers of the first and last packet
     *                 handled, which show the order packets were handled in
     */
    public record Seen(String tunnelKey, String agentId, String site, long firstMicros, long lastMicros,
                       long firstSeq, long lastSeq, long packets) {}

    private final long idleTimeoutMicros;

    public TunnelSeenPolicy(Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, was " + idleTimeout);
        }
        this.idleTimeoutMicros = idleTimeout.toNanos() / 1000L;
    }

    @Override
    public PolicyStep<Seen> onPacket(Seen state, TunnelPacket packet) {
        Seen next = state == null
                ? new Seen(packet.tunnelKey(), packet.agentId(), packet.site(), packet.tsMicros(), packet.tsMicros(),
                        packet.captureSeq(), packet.captureSeq(), 1)
                : new Seen(state.tunnelKey(), state.agentId(), state.site(), state.firstMicros(),
                        Math.max(state.lastMicros(), packet.tsMicros()), state.firstSeq(), packet.captureSeq(),
                        state.packets() + 1);
        return new PolicyStep<>(next, List.of(next.lastMicros() + idleTimeoutMicros), List.of());
    }

    @Override
    public PolicyStep<Seen> onDeadline(Seen state, long deadlineMicros) {
        return PolicyStep.idle(List.of(new TunnelOutput(OutputKind.TUNNEL_EVENT, state.tunnelKey(), deadlineMicros,
                json(state, deadlineMicros))));
    }

    private static String json(Seen seen, long atMicros) {
        ObjectNode root = JSON.createObjectNode();
        root.put("@timestamp", EventTimes.iso(atMicros));
        ObjectNode event = root.putObject("event");
        event.put("kind", "event");
        event.put("action", ACTION);
        event.put("start", EventTimes.iso(seen.firstMicros()));
        event.put("end", EventTimes.iso(seen.lastMicros()));
        root.putObject("observer").put("name", seen.agentId()).put("site", seen.site());
        ObjectNode vpn = root.putObject("vpn");
        vpn.put("tunnel_id", seen.tunnelKey());
        vpn.put("packets", seen.packets());
        vpn.put("first_capture_seq", Long.toUnsignedString(seen.firstSeq()));
        vpn.put("last_capture_seq", Long.toUnsignedString(seen.lastSeq()));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException impossibleForATreeOfStringsAndNumbers) {
            throw new IllegalStateException(impossibleForATreeOfStringsAndNumbers);
        }
    }
}
