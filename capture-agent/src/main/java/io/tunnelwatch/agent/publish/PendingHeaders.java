package io.tunnelwatch.agent.publish;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.header.Header;

/**
 * Record headers that are known only later (a replayed file's SHA-256 is computed while the replay
 * already reads it). Iterating waits until they are known, or throws {@link MissingHeaderException}
 * when they never will be; {@link SummaryPublisher} iterates on its sender thread only.
 */
final class PendingHeaders implements Iterable<Header> {
    private final CompletableFuture<List<Header>> headers;

    PendingHeaders(CompletableFuture<List<Header>> headers) {
        this.headers = headers;
    }

    @Override
    public Iterator<Header> iterator() {
        try {
            return headers.join().iterator();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new MissingHeaderException("record headers not available: " + cause.getMessage(), cause);
        }
    }
}
