package io.tunnelwatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code local} run is asked to do, checked once.
 *
 * @param files       capture files, merged in timestamp order
 * @param gateways    gateway CIDRs; empty: roles are learned from the handshakes
 * @param alertsOut   where alerts go as JSON lines; null: not written
 * @param eventsOut   where tunnel events go as JSON lines; null: not written
 * @param parallelism Flink parallelism of the job
 * @param partitions  partitions of the summaries topic
 * @param keepRunning leave the broker up afterwards, for inspection
 * @param settings    ports, event-time bound and timeouts of the correlation
 * @param report      where the forensic HTML report goes; null: none (the summaries are then not read back)
 */
public record LocalOptions(List<Path> files, List<String> gateways, Path alertsOut, Path eventsOut,
                           int parallelism, int partitions, boolean keepRunning, CorrelationSettings settings,
                           Path report) {

    /** A run with the contract's settings and no report. */
    public LocalOptions(List<Path> files, List<String> gateways, Path alertsOut, Path eventsOut,
                        int parallelism, int partitions, boolean keepRunning) {
        this(files, gateways, alertsOut, eventsOut, parallelism, partitions, keepRunning, CorrelationSettings.DEFAULT, null);
    }

    public LocalOptions {
        java.util.Objects.requireNonNull(settings, "settings");
        files = List.copyOf(files);
        gateways = List.copyOf(gateways);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no capture file given");
        }
        for (Path file : files) {
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                throw new IllegalArgumentException("cannot read capture file " + file);
            }
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1, was " + parallelism);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, was " + partitions);
        }
    }
}
