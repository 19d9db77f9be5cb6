package io.tunnelwatch.cli;

import java.time.Duration;

/**
 * What one {@code alerts} run reads, checked once.
 *
 * @param bootstrap     Kafka bootstrap servers, HOST:PORT[,HOST:PORT...]
 * @param alertsTopic   the job's alerts topic
 * @param eventsTopic   the job's tunnel events topic (established and closed tunnels complete the rows)
 * @param follow        keep printing new rows until stopped
 * @param fromBeginning with {@code follow}, first show what the topics already hold (without it, reading once shows it all anyway)
 * @param timeout       how long the broker may take to answer before we give up
 */
public record AlertsOptions(String bootstrap, String alertsTopic, String eventsTopic, boolean follow, boolean fromBeginning,
                            Duration timeout) {

    public AlertsOptions {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
        }
        for (String server : bootstrap.split(",")) {
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || colon == server.length() - 1 || !server.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("--bootstrap: '" + server.trim() + "' is not HOST:PORT");
            }
        }
        if (alertsTopic.isBlank() || eventsTopic.isBlank()) {
            throw new IllegalArgumentException("topic names must not be empty");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("--timeout must be positive, was " + timeout);
        }
    }

    /** With --follow and no --from-beginning, only rows that arrive from now on are shown. */
    boolean showsExistingRecords() {
        return !follow || fromBeginning;
    }
}
