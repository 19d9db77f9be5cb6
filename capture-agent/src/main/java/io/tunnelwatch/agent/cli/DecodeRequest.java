package io.tunnelwatch.agent.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** A parsed {@code decode} command line: how to print, and which capture files, in order. */
public record DecodeRequest(OutputFormat format, List<Path> files) {
    public DecodeRequest {
        Objects.requireNonNull(format, "format");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("at least one capture file is needed");
        }
    }
}
