package io.tunnelwatch.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts output lines (alerts, tunnel events) in event-time order, then in text order. The topics'
 * order depends on how the job's subtasks interleave their writes; the files a forensic run leaves
 * must be the same from one run to the next. ISO timestamps do not sort as text ("…:00Z" comes
 * after "…:00.5Z"), so the time is parsed.
 */
final class EventTimeOrder {
    private record Keyed(Instant time, String line) {}

    private static final Comparator<Keyed> ORDER =
            Comparator.comparing(Keyed::time).thenComparing(Keyed::line);

    private EventTimeOrder() {}

    static List<String> sorted(List<String> lines) {
        List<Keyed> keyed = new ArrayList<>(lines.size());
        for (String line : lines) {
            keyed.add(new Keyed(timestamp(line), line));
        }
        keyed.sort(ORDER);
        return keyed.stream().map(Keyed::line).toList();
    }

    /** The line's {@code @timestamp}; a line without a readable one sorts first. */
    static Instant timestamp(String line) {
        String field = "\"@timestamp\":\"";
        int start = line.indexOf(field);
        int end = start < 0 ? -1 : line.indexOf('"', start + field.length());
        return end < 0 ? Instant.MIN : instant(line.substring(start + field.length(), end));
    }

    /** An ISO-8601 instant; text that is not one sorts first. */
    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
