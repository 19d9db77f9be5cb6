package io.tunnelwatch.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints verdict rows as an aligned plain-text table, readable in any terminal or log. */
public final class VerdictTable {
    private static final String[] HEADER = {"time", "client", "gateway", "stages", "outcome", "reason", "attempt", "detail"};

    private VerdictTable() {}

    public static void print(List<Verdicts.Row> rows, PrintStream out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Verdicts.Row row : rows) {
            lines.add(new String[] {row.time(), row.client(), row.gateway(), row.stagesReached(), row.outcome(),
                    row.reason().isEmpty() ? "-" : row.reason(), row.attempt(), row.detail()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length - 1; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(line[i]);
                if (i < line.length - 1) {
                    text.append(" ".repeat(widths[i] - line[i].length() + 2));
                }
            }
            out.println(text.toString().stripTrailing());
        }
        if (rows.isEmpty()) {
            out.println("(no VPN attempt judged)");
        }
    }
}
