package io.tunnelwatch.job;

import java.time.Instant;

/** Event-time instants as they appear in our JSON: ISO-8601 UTC with microseconds. */
final class EventTimes {
    private EventTimes() {}

    static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                .toString();
    }
}
