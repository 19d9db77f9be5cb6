package io.tunnelwatch.agent.replay;

import io.tunnelwatch.agent.capture.CaptureFileException;
import io.tunnelwatch.agent.capture.CaptureReader;
import io.tunnelwatch.agent.capture.PacketView;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Several capture files read as one, in timestamp order, like mergecap: each file keeps its own
 * current packet and the earliest goes next (the earlier file first on equal times, so a merge is
 * deterministic). A file damaged in the middle ends there; its earlier packets stay, and the damage is
 * reported through {@link #damage()}.
 */
public final class MergedCapture implements AutoCloseable {
    /** Where a file stopped early and why. */
    public record Damage(int source, String reason) {}

    private static final class Source {
        final int index;
        final CaptureReader reader;
        final PacketView view = new PacketView();

        Source(int index, CaptureReader reader) {
            this.index = index;
            this.reader = reader;
        }
    }

    private final List<Source> sources = new ArrayList<>();
    private final PriorityQueue<Source> ready = new PriorityQueue<>((a, b) -> {
        int byTime = Long.compare(a.view.tsMicros(), b.view.tsMicros());
        return byTime != 0 ? byTime : Integer.compare(a.index, b.index);
    });
    private final List<Damage> damage = new ArrayList<>();
    private Source current;

    public MergedCapture(List<CaptureReader> readers) {
        for (int i = 0; i < readers.size(); i++) {
            Source source = new Source(i, readers.get(i));
            sources.add(source);
            advance(source);
        }
    }

    /** Moves to the next packet in time order; false when every file is exhausted. */
    public boolean next() {
        if (current != null) {
            advance(current);
        }
        current = ready.poll();
        return current != null;
    }

    /** The current packet; valid until the next call to {@link #next()}. */
    public PacketView packet() {
        return current.view;
    }

    /** Index (in the list given) of the file the current packet comes from. */
    public int source() {
        return current.index;
    }

    public List<Damage> damage() {
        return List.copyOf(damage);
    }

    @Override
    public void close() {
        for (Source source : sources) {
            source.reader.close();
        }
    }

    private void advance(Source source) {
        try {
            if (source.reader.next(source.view)) {
                ready.add(source);
            }
        } catch (CaptureFileException e) {
            damage.add(new Damage(source.index, e.getMessage()));
        }
    }
}
