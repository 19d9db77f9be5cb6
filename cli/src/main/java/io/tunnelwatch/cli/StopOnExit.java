package io.tunnelwatch.cli;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Closes what a run holds (the job, the broker) if the JVM exits before the run ends: Ctrl-C must
 * stop the MiniCluster and delete the broker's and the savepoint's directories, not leave them.
 * Parts close in reverse order of {@link #add}; a run that ends normally closes them itself and
 * then this, which takes the hook away.
 */
final class StopOnExit implements AutoCloseable {
    private final Deque<AutoCloseable> parts = new ConcurrentLinkedDeque<>();
    private final Thread hook = new Thread(this::closeAll, "tunnelwatch-local-stop");

    StopOnExit() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    /** {@code part} is the caller's again: it closes it, or keeps it running on purpose. */
    void release(AutoCloseable part) {
        parts.remove(part);
    }

    private void closeAll() {
        for (AutoCloseable part = parts.poll(); part != null; part = parts.poll()) {
            try {
                part.close();
            } catch (Exception e) {
                // Exiting anyway; the other parts still get closed.
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already exiting: the hook is running and closes what is left.
        }
    }
}
