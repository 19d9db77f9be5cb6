package io.tunnelwatch.summary;

/**
 * Kafka record header names that travel beside every summary. They are not part of the value so that
 * the value stays small (agent id and site repeat on every record and compress well as headers).
 */
public final class RecordHeaders {
    private RecordHeaders() {}

    /** Schema of the value, e.g. {@code tunnelwatch.summary.v1}. */
    public static final String SCHEMA = "tw.schema";
    /** The agent that captured the packet (its configured id). */
    public static final String AGENT_ID = "tw.agent";
    /** The site label of that agent (branch name). */
    public static final String SITE = "tw.site";
    /** Set on replayed records only: the capture file's name. Live records never carry it. */
    public static final String SOURCE_FILE = "tw.source.file";
    /** Set on replayed records only: the capture file's SHA-256, hex. */
    public static final String SOURCE_SHA256 = "tw.source.sha256";

    public static final String SCHEMA_V1 = "tunnelwatch.summary.v1";
}
