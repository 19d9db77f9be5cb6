package io.tunnelwatch.agent.publish;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Record headers that are known only later (a replayed file's SHA-256 is computed while the replay
 * already reads it). {@link SummaryPublisher} waits for them on its sender thread ({@link #await()}), so
 * the thread reading the file never does; iterating waits the same way.
 */
final class PendingHeaders implements Iterable<Header> {
    private final CompletableFuture<RecordHeaders> headers;

    PendingHeaders(CompletableFuture<List<Header>> headers) {
        // Kafka copies a RecordHeaders with one array copy, any other Iterable header by header.
        this.headers = headers.thenApply(known -> new RecordHeaders(known.toArray(Header[]::new)));
    }

    /**
     * The headers, once known; never change the instance returned (it is shared by every record).
     *
     * @throws MissingHeaderException when they never will be (the file could not be hashed)
     */
    RecordHeaders await() {
        try {
            return headers.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new MissingHeaderException("record headers not available: " + cause.getMessage(), cause);
        }
    }

    @Override
    public Iterator<Header> iterator() {
        return await().iterator();
    }
}
