package io.tunnelwatch.synth.pcap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Frames collected out of order (several conversations are scripted one after the other) and written in
 * timestamp order. The sort is stable, so frames with equal timestamps keep the order they were added in.
 */
public final class Capture implements FrameSink {
    private final List<CapturedFrame> frames = new ArrayList<>();

    @Override
    public void add(long timestampMicros, byte[] frame) {
        frames.add(new CapturedFrame(timestampMicros, frame));
    }

    public int size() {
        return frames.size();
    }

    public List<CapturedFrame> framesInTimeOrder() {
        List<CapturedFrame> sorted = new ArrayList<>(frames);
        sorted.sort(Comparator.comparingLong(CapturedFrame::timestampMicros));
        return sorted;
    }

    public void writeTo(OutputStream out, CaptureFormat format) {
        try (CaptureFileWriter writer = format.open(out)) {
            for (CapturedFrame frame : framesInTimeOrder()) {
                writer.writeFrame(frame.timestampMicros(), frame.frame());
            }
        }
    }

    public byte[] toPcapBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTo(out, CaptureFormat.PCAP);
        return out.toByteArray();
    }

    public void writeTo(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTo(out, CaptureFormat.PCAP);
        }
    }
}
