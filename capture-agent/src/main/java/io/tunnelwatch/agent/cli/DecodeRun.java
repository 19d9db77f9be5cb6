package io.tunnelwatch.agent.cli;

import io.tunnelwatch.agent.capture.CaptureFileException;
import io.tunnelwatch.agent.capture.CaptureReader;
import io.tunnelwatch.agent.capture.LinkType;
import io.tunnelwatch.agent.capture.PacketView;
import io.tunnelwatch.agent.decode.DecodedPacket;
import io.tunnelwatch.agent.decode.PacketDecoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs {@code decode}: reads each file in order, prints one line per reported packet on stdout, then the
 * stats line on stderr. A file that cannot be opened, has a link type the decoder does not know, or is
 * damaged part-way ends the run with one error line and exit code 2, after the packets read before it.
 */
public final class DecodeRun {
    public static final int EXIT_OK = 0;
    public static final int EXIT_BAD_INPUT = 2;
    /** As a process killed by SIGPIPE would report it: stdout was closed (e.g. by {@code head}). */
    public static final int EXIT_OUTPUT_CLOSED = 141;

    private final OutputStream stdout;
    private final PrintStream stderr;

    public DecodeRun(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public int run(DecodeRequest request) {
        PacketDecoder decoder = new PacketDecoder();
        PacketLineFormat format = switch (request.format()) {
            case TEXT -> new TextFormat();
            case JSONL -> new JsonlFormat();
            case NONE -> null;
        };
        LineWriter out = new LineWriter(stdout, LineWriter.DEFAULT_BUFFER);
        int exit = EXIT_OK;
        try {
            for (Path file : request.files()) {
                String error = decodeFile(file, decoder, format, out);
                if (error != null) {
                    out.flush();
                    stderr.println(file + ": " + error);
                    exit = EXIT_BAD_INPUT;
                    break;
                }
            }
            out.flush();
        } catch (IOException e) {
            return EXIT_OUTPUT_CLOSED;
        }
        stderr.println(decoder.stats().summaryLine());
        return exit;
    }

    /** Returns null when the whole file was decoded, else the one-line reason it stopped. */
    private static String decodeFile(Path file, PacketDecoder decoder, PacketLineFormat format, LineWriter out)
            throws IOException {
        PacketView view = new PacketView();
        DecodedPacket packet = new DecodedPacket();
        StringBuilder line = new StringBuilder(1024);
        int checkedLinkType = Integer.MIN_VALUE;
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next(view)) {
                if (view.linkType() != checkedLinkType) {
                    if (!PacketDecoder.supportsLinkType(view.linkType())) {
                        return "unsupported " + LinkType.name(view.linkType()) + " (frame " + reader.packetsRead() + ")";
                    }
                    checkedLinkType = view.linkType();
                }
                decoder.decode(view, packet);
                if (format != null && packet.kind().isReported()) {
                    line.setLength(0);
                    format.append(packet, line);
                    out.writeLine(line);
                }
            }
            return null;
        } catch (CaptureFileException e) {
            return e.getMessage();
        }
    }
}
