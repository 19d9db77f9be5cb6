package io.tunnelwatch.agent.capture;

/**
 * A capture file cannot be read (any further). The message is one line meant for a person, naming the byte
 * offset where reading stopped, e.g. {@code "file damaged at byte 1834: record claims 4325376 bytes"}.
 * Packets handed out before this exception was thrown are valid.
 */
public final class CaptureFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureFileException(String message) {
        super(message, null, false, false);
    }

    public CaptureFileException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
