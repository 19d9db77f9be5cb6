package io.tunnelwatch.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints verdict rows as an aligned plain-text table, readable in any terminal or log. */
public final class VerdictTable {
    private static final String[] HEADER = {"time", "client", "gateway", "stages", "outcome", "reason", "attempt", "detail"};

    /** Column widths when rows are printed as they come (following a topic): wide enough for IPv4 and ISO times. */
    private static final int[] STREAM_WIDTHS = {28, 15, 15, 19, 12, 23, 8};

    private VerdictTable() {}

    /** The header line for rows printed one by one. */
    public static void printHeader(PrintStream out) {
        out.println(streamLine(HEADER));
    }

    /** One row in fixed columns (a longer value shifts the rest of its line only). */
    public static void printRow(Verdicts.Row row, PrintStream out) {
        out.println(streamLine(cells(row)));
    }

    private static String streamLine(String[] cells) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            text.append(cells[i]);
            if (i < cells.length - 1) {
                text.append(" ".repeat(Math.max(0, STREAM_WIDTHS[i] - cells[i].length()) + 2));
            }
        }
        return text.toString().stripTrailing();
    }

    private static String[] cells(Verdicts.Row row) {
        return new String[] {row.time(), row.client(), row.gateway(), row.stagesReached(), row.outcome(),
                row.reason().isEmpty() ? "-" : row.reason(), row.attempt(), row.detail()};
    }

    public static void print(List<Verdicts.Row> rows, PrintStream out) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Verdicts.Row row : rows) {
            lines.add(cells(row));
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
