package io.tunnelwatch.agent.capture;

import java.io.Closeable;
import java.nio.file.Path;

/**
 * Reads the packets of a capture file in order, without any native library. Use
 * {@link #open(Path)}, then call {@link #next(PacketView)} until it returns false.
 */
public interface CaptureReader extends Closeable {

    /**
     * Points {@code view} at the next packet. Returns false at the clean end of the file.
     *
     * @throws CaptureFileException when the file is damaged or cut short here; the packets returned before
     *                              stay valid and the message says where and why
     */
    boolean next(PacketView view) throws CaptureFileException;

    /** Packets handed out so far (the frame number of the last one). */
    long packetsRead();

    @Override
    void close();

    /** Opens a pcap (microsecond or nanosecond, either byte order) or pcapng file, recognised by its magic number. */
    static CaptureReader open(Path path) throws CaptureFileException {
        return CaptureFileOpener.open(path, FileWindow.MAX_CAPACITY);
    }
}
