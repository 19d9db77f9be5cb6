package io.tunnelwatch.agent.cli;

/** What {@code decode} prints per packet. */
public enum OutputFormat {
    /** tcpdump-like one-liners for people. */
    TEXT,
    /** One JSON object per line, the documented contract (docs/decoder.md). */
    JSONL,
    /** Nothing per packet: only the stats line (for timing the decoder). */
    NONE
}
