package io.tunnelwatch.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time per phase of a run, for the progress lines and the benchmark's time split. */
final class PhaseTimer {
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private long phaseStart = System.nanoTime();

    /** Ends the running phase under {@code name} and starts the next. */
    Duration lap(String name) {
        long now = System.nanoTime();
        Duration took = Duration.ofNanos(now - phaseStart);
        phases.merge(name, took, Duration::plus);
        phaseStart = now;
        return took;
    }

    Map<String, Duration> phases() {
        return Map.copyOf(phases);
    }

    String summary() {
        StringBuilder line = new StringBuilder();
        Duration total = Duration.ZERO;
        for (Map.Entry<String, Duration> phase : phases.entrySet()) {
            line.append(phase.getKey()).append(' ').append(seconds(phase.getValue())).append(", ");
            total = total.plus(phase.getValue());
        }
        return line.append("total ").append(seconds(total)).toString();
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
