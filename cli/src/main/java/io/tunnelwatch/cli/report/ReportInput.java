package io.tunnelwatch.cli.report;

import java.util.List;

/**
 * Everything one report shows.
 *
 * @param files        the capture files of the run (names only are shown)
 * @param settings     the correlation settings, as one line
 * @param alerts       the alert documents (ECS JSON), as on the alerts topic
 * @param events       the tunnel event documents
 * @param deadLetters  records the job could not read
 * @param packetsRead  packets the agent read from the files
 * @param summaries    summaries it published
 * @param packets      the summaries sorted by tunnel
 */
public record ReportInput(List<String> files, String settings, List<String> alerts, List<String> events, long deadLetters,
                         long packetsRead, long summaries, PacketEvidence packets) {
    public ReportInput {
        files = List.copyOf(files);
        alerts = List.copyOf(alerts);
        events = List.copyOf(events);
    }
}
