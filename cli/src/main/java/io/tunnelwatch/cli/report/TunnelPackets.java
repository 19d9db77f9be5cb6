package io.tunnelwatch.cli.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The packets behind one tunnel's verdicts: a trace per lane (exact extent and count) and a packet list
 * capped to its first {@link #HEAD} and last {@link #TAIL} lines, so a capture of millions of packets
 * still gives a report of a few hundred kilobytes.
 */
public final class TunnelPackets {
    static final int HEAD = 40;
    static final int TAIL = 20;

    private final TunnelId tunnel;
    private final Map<Lane, LaneTrace> lanes = new EnumMap<>(Lane.class);
    private final List<PacketRow> head = new ArrayList<>();
    private final Deque<PacketRow> tail = new ArrayDeque<>();
    private long rows;
    private long packets;

    TunnelPackets(TunnelId tunnel) {
        this.tunnel = tunnel;
        for (Lane lane : Lane.values()) {
            lanes.put(lane, new LaneTrace());
        }
    }

    void add(PacketRow row) {
        lanes.get(row.lane()).add(row);
        rows++;
        packets += row.packets();
        if (head.size() < HEAD) {
            head.add(row);
            return;
        }
        tail.addLast(row);
        if (tail.size() > TAIL) {
            tail.removeFirst();
        }
    }

    public TunnelId tunnel() {
        return tunnel;
    }

    public LaneTrace lane(Lane lane) {
        return lanes.get(lane);
    }

    /** Lines kept for the list, in capture-time order. */
    public List<PacketRow> firstRows() {
        return sorted(head);
    }

    public List<PacketRow> lastRows() {
        return sorted(tail);
    }

    /** Lines read but not kept between the first and the last ones. */
    public long omittedRows() {
        return rows - head.size() - tail.size();
    }

    public long rows() {
        return rows;
    }

    public long packets() {
        return packets;
    }

    private static List<PacketRow> sorted(java.util.Collection<PacketRow> rows) {
        List<PacketRow> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparingLong(PacketRow::tsMicros));
        return copy;
    }
}
