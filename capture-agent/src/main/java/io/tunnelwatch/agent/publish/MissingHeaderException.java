package io.tunnelwatch.agent.publish;

/**
 * A record's headers could not be had when it was to be sent (a replayed file whose SHA-256 could not be
 * computed). Thrown while the headers are read, on the sender thread; the record is counted as failed.
 */
public final class MissingHeaderException extends RuntimeException {
    public MissingHeaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
