package io.tunnelwatch.agent.replay;

import io.tunnelwatch.agent.config.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The SHA-256 of every replayed file (its provenance), computed on a thread of its own while the replay
 * already reads, decodes and aggregates the file: hashing a large capture first would delay the first
 * packet by a whole extra read of the file. Records wait for their file's hash on the publisher's sender
 * thread, so none leaves without it.
 */
final class FileDigests implements AutoCloseable {
    private static final int READ_CHUNK = 1 << 20;

    private final List<Path> files;
    private final List<CompletableFuture<String>> sha256s = new ArrayList<>();
    private final Thread hasher;

    private FileDigests(List<Path> files) {
        this.files = List.copyOf(files);
        files.forEach(file -> sha256s.add(new CompletableFuture<>()));
        this.hasher = new Thread(this::hashAll, "tunnelwatch-replay-sha256");
        hasher.setDaemon(true);
    }

    /** Starts hashing {@code files} in order. */
    static FileDigests start(List<Path> files) {
        FileDigests digests = new FileDigests(files);
        digests.hasher.start();
        return digests;
    }

    /** The hex SHA-256 of file {@code index}, once known; fails with a {@link ConfigException} if unreadable. */
    CompletableFuture<String> of(int index) {
        return sha256s.get(index);
    }

    List<CompletableFuture<String>> all() {
        return List.copyOf(sha256s);
    }

    /** The first file that could not be hashed, as the configuration error the replay ends with; null if none. */
    ConfigException failure() {
        for (CompletableFuture<String> sha256 : sha256s) {
            if (sha256.isCompletedExceptionally()) {
                return reason(sha256);
            }
        }
        return null;
    }

    private static ConfigException reason(CompletableFuture<String> failed) {
        try {
            failed.join();
            throw new IllegalStateException("only called for a failed hash");
        } catch (CompletionException | CancellationException e) {
            return e.getCause() instanceof ConfigException reason ? reason
                    : new ConfigException("capture file not hashed: " + e.getMessage());
        }
    }

    boolean anyFailed() {
        for (CompletableFuture<String> sha256 : sha256s) {
            if (sha256.isCompletedExceptionally()) {
                return true;
            }
        }
        return false;
    }

    /** Stops hashing (a replay that ends early); hashes not computed by then fail. */
    @Override
    public void close() {
        hasher.interrupt();
    }

    private void hashAll() {
        for (int i = 0; i < files.size(); i++) {
            try {
                sha256s.get(i).complete(sha256(files.get(i)));
            } catch (ConfigException e) {
                sha256s.get(i).completeExceptionally(e);
            }
        }
    }

    static String sha256(Path file) {
        // Read, not mapped: mapped windows stay in the process's RSS until a GC unmaps them (1.7 GB for
        // a 2 GB file), which would look like a leak; reading costs about 1 CPU-s more per 2 GB.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
            while (channel.read(chunk.clear()) >= 0) {
                digest.update(chunk.array(), 0, chunk.position());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ConfigException("cannot read capture file " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
