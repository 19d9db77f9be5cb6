package io.tunnelwatch.agent.publish;

import io.tunnelwatch.summary.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The Kafka headers beside every record: schema, agent and site, and on replays the file's provenance. */
public final class SourceHeaders {
    private SourceHeaders() {}

    /** A replayed file's name and SHA-256 (hex). */
    public record Provenance(String fileName, String sha256) {}

    public static List<Header> live(String agentId, String site) {
        return List.copyOf(base(agentId, site));
    }

    public static List<Header> replay(String agentId, String site, Provenance file) {
        return replay(agentId, site, List.of(file));
    }

    /** Headers naming every replayed file (heartbeats of a multi-file replay belong to all of them). */
    public static List<Header> replay(String agentId, String site, List<Provenance> files) {
        List<Header> headers = base(agentId, site);
        for (Provenance file : files) {
            headers.add(header(RecordHeaders.SOURCE_FILE, file.fileName()));
            headers.add(header(RecordHeaders.SOURCE_SHA256, file.sha256()));
        }
        return List.copyOf(headers);
    }

    /**
     * The headers of a replayed file whose SHA-256 is still being computed. Reading them waits for the hash,
     * so only the publisher's sender thread should read them, never the thread reading the file.
     */
    public static Iterable<Header> replay(String agentId, String site, String fileName, CompletableFuture<String> sha256) {
        return new PendingHeaders(sha256.thenApply(hash -> replay(agentId, site, new Provenance(fileName, hash))));
    }

    /** Headers naming every replayed file, once all their hashes are known (heartbeats of a multi-file replay). */
    public static Iterable<Header> replay(String agentId, String site, List<String> fileNames,
                                         List<CompletableFuture<String>> sha256s) {
        CompletableFuture<List<Header>> all = CompletableFuture.allOf(sha256s.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<Provenance> files = new ArrayList<>();
                    for (int i = 0; i < fileNames.size(); i++) {
                        files.add(new Provenance(fileNames.get(i), sha256s.get(i).join()));
                    }
                    return replay(agentId, site, files);
                });
        return new PendingHeaders(all);
    }

    private static List<Header> base(String agentId, String site) {
        List<Header> headers = new ArrayList<>();
        headers.add(header(RecordHeaders.SCHEMA, RecordHeaders.SCHEMA_V1));
        headers.add(header(RecordHeaders.AGENT_ID, agentId));
        headers.add(header(RecordHeaders.SITE, site));
        return headers;
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
