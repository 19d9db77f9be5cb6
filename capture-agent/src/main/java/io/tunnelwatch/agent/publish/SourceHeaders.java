package io.tunnelwatch.agent.publish;

import io.tunnelwatch.summary.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
