package io.tunnelwatch.cli.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What one lane of one tunnel saw: first and last packet, how many, and the marks to draw. The marks
 * are capped so a tunnel of a million ESP packets still draws a small picture; the extent and the
 * count stay exact.
 */
public final class LaneTrace {
    /** Enough marks to fill a lane a thousand pixels wide; more would only overdraw. */
    static final int MAX_MARKS = 400;

    /** A packet (or an aggregate run, {@code end > start}) on the lane. */
    public record Mark(long startMicros, long endMicros, boolean fromClient) {}

    private long firstMicros = Long.MAX_VALUE;
    private long lastMicros = Long.MIN_VALUE;
    private long packets;
    private long omittedMarks;
    private final List<Mark> marks = new ArrayList<>();

    void add(PacketRow row) {
        firstMicros = Math.min(firstMicros, row.tsMicros());
        lastMicros = Math.max(lastMicros, row.lastTsMicros());
        packets += row.packets();
        if (marks.size() < MAX_MARKS) {
            marks.add(new Mark(row.tsMicros(), row.lastTsMicros(), row.fromClient()));
        } else {
            omittedMarks++;
        }
    }

    public boolean isEmpty() {
        return packets == 0;
    }

    public long firstMicros() {
        return firstMicros;
    }

    public long lastMicros() {
        return lastMicros;
    }

    public long packets() {
        return packets;
    }

    public long omittedMarks() {
        return omittedMarks;
    }

    public List<Mark> marks() {
        return List.copyOf(marks);
    }
}
