package io.tunnelwatch.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * After the watermarks are made (heartbeats included), splits the summaries: packets go on to the
 * correlation, heartbeats and dead letters to their side outputs.
 */
public final class RouteByKind extends ProcessFunction<SummaryElement, TunnelPacket> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<AgentHeartbeat> HEARTBEATS =
            new OutputTag<>("heartbeats", TypeInformation.of(AgentHeartbeat.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    @Override
    public void processElement(SummaryElement element, Context ctx, Collector<TunnelPacket> out) {
        if (element.packet() != null) {
            out.collect(element.packet());
        } else if (element.heartbeat() != null) {
            ctx.output(HEARTBEATS, element.heartbeat());
        } else {
            ctx.output(DEAD_LETTERS, element.deadLetter());
        }
    }
}
