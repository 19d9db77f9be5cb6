package io.tunnelwatch.agent.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how far a replay is: a redrawn bar on a terminal (packets, rate, percent of bytes, ETA), or a
 * plain log line every few seconds when the output is a file or a pipe.
 */
public final class ReplayProgress {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayProgress.class);
    private static final long TERMINAL_REDRAW_NANOS = Duration.ofMillis(250).toNanos();
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
    private static final int BAR_WIDTH = 30;
    /** Look at the clock only every so many packets: a replay handles about a million per second. */
    private static final int CHECK_EVERY = 4096;

    private final PrintStream terminal;
    private final long totalBytes;
    private final long startNanos;
    private long lastShownNanos;
    private boolean drawn;

    /** @param terminal where to draw the bar, or null to log instead */
    public ReplayProgress(PrintStream terminal, long totalBytes) {
        this.terminal = terminal;
        this.totalBytes = Math.max(1, totalBytes);
        this.startNanos = System.nanoTime();
        this.lastShownNanos = startNanos;
    }

    public void update(long packets, long bytesRead) {
        if ((packets & (CHECK_EVERY - 1)) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastShownNanos < (terminal != null ? TERMINAL_REDRAW_NANOS : LOG_INTERVAL_NANOS)) {
            return;
        }
        lastShownNanos = now;
        String line = line(packets, bytesRead, now);
        if (terminal != null) {
            terminal.print("\r" + line + "\u001b[K");
            terminal.flush();
            drawn = true;
        } else {
            LOG.info("replay: {}", line);
        }
    }

    /** Clears the bar so the final summary starts on a clean line. */
    public void finish() {
        if (terminal != null && drawn) {
            terminal.print("\r\u001b[K");
            terminal.flush();
        }
    }

    private String line(long packets, long bytesRead, long now) {
        double fraction = Math.min(1.0, (double) bytesRead / totalBytes);
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = packets / seconds;
        String eta = fraction <= 0 ? "--:--" : duration((long) (seconds / fraction - seconds));
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String bar = terminal == null ? "" : "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] ";
        return String.format(Locale.ROOT, "%s%5.1f%%  %,d packets  %,.0f pkt/s  ETA %s",
                bar, fraction * 100, packets, rate, eta);
    }

    static String duration(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
