package io.tunnelwatch.agent.conformance;

import io.tunnelwatch.agent.capture.CaptureFileException;
import io.tunnelwatch.agent.capture.CaptureReader;
import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.PacketDecoder;
import io.tunnelwatch.agent.decode.PacketKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes a capture and compares every frame with Wireshark's row for it, column by column, collecting all
 * mismatches (it never stops at the first). A frame must be reported by the decoder exactly when Wireshark
 * has a row for it; non-first IP fragments are compared on their frame and IP columns only.
 */
final class ConformanceComparator {
    static final String ROW = "[row]";

    /** All mismatches of one capture, and the reader's error if it stopped early (damaged file). */
    record Result(List<Mismatch> mismatches, long framesRead, String readerError) {
    }

    private ConformanceComparator() {
    }

    static Result compare(String name, Path capture, WiresharkTruth truth) {
        List<Mismatch> mismatches = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket packet = new DecodedPacket();
        PacketView view = new PacketView();
        int frame = 0;
        String readerError = null;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            while (reader.next(view)) {
                frame++;
                decoder.decode(view, packet);
                compareFrame(name, frame, packet, truth.rowsByFrame().get(frame), mismatches);
            }
        } catch (CaptureFileException e) {
            readerError = e.getMessage();
        }
        for (int expectedFrame : truth.rowsByFrame().keySet()) {
            if (expectedFrame > frame) {
                mismatches.add(new Mismatch(name, expectedFrame, ROW, "row",
                        "frame not read" + (readerError == null ? "" : ": " + readerError)));
            }
        }
        return new Result(mismatches, frame, readerError);
    }

    private static void compareFrame(String name, int frame, DecodedPacket packet, Map<String, String> row,
                                     List<Mismatch> mismatches) {
        boolean laterFragment = packet.kind() == PacketKind.LATER_FRAGMENT;
        boolean reported = packet.kind().isReported();
        if (row == null) {
            if (reported) {
                mismatches.add(new Mismatch(name, frame, ROW, "", "reported as " + packet.kind()));
            }
            return;
        }
        if (!reported && !laterFragment) {
            mismatches.add(new Mismatch(name, frame, ROW, "row", "not reported: " + packet.kind()
                    + (packet.malformed() == null ? "" : " (" + packet.malformed() + ")")));
            return;
        }
        for (DecoderColumns.Column column : DecoderColumns.COLUMNS) {
            if ((laterFragment && column.transportLayer()) || !column.appliesTo().test(row)) {
                continue;
            }
            String expected = column.wireshark().apply(row);
            String actual = column.decoder().apply(packet);
            if (!expected.equals(actual)) {
                String detail = column.name().equals("_ws.malformed") && packet.malformed() != null
                        ? actual + ": " + packet.malformed() : actual;
                mismatches.add(new Mismatch(name, frame, column.name(), expected, detail));
            }
        }
    }
}
