package io.tunnelwatch.agent.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens a capture file and picks the reader for its format by the magic number. */
final class CaptureFileOpener {
    private CaptureFileOpener() {
    }

    static CaptureReader open(Path path, int windowCapacity) throws CaptureFileException {
        if (Files.isDirectory(path)) {
            throw new CaptureFileException("is a directory");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CaptureFileException("no such file");
        } catch (AccessDeniedException e) {
            throw new CaptureFileException("permission denied");
        } catch (IOException | UnsupportedOperationException e) {
            throw new CaptureFileException("cannot open: " + e.getMessage(), e);
        }
        try {
            FileWindow window = new FileWindow(channel, windowCapacity);
            int available = window.ensure(4);
            if (available == 0) {
                throw new CaptureFileException("file is empty");
            }
            if (available < 4) {
                throw new CaptureFileException("not a capture file: only " + available + " bytes");
            }
            int magic = window.buffer().getInt(window.position());
            if (PcapReader.isPcapMagic(magic)) {
                return new PcapReader(window);
            }
            if (magic == PcapngReader.SECTION_HEADER_BLOCK) {
                return new PcapngReader(window);
            }
            throw new CaptureFileException(String.format(
                    "not a pcap or pcapng file (starts with 0x%08x)", magic));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CaptureFileException("cannot read: " + e.getMessage(), e);
        } catch (CaptureFileException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing useful to report: the open already failed with a clearer message.
        }
    }
}
