package io.tunnelwatch.job;

import java.util.Arrays;

import io.tunnelwatch.correlation.DropReport;

/**
 * One agent's recent drop reports as the correlation operator keeps them in broadcast state: a flat
 * {@code long[]} of (capture clock µs, cumulative drops) pairs in clock order, so it needs no Kryo.
 *
 * <p>Only reports whose cumulative count differs from the one before are kept: the state machine adds
 * the differences between the reports a key is given, so a report that repeats a count adds nothing
 * (the differences telescope). The history is pruned to one report at or before the watermark, since no
 * key needs an older one, and capped at {@value #MAX_REPORTS} reports.
 */
final class CaptureLossHistory {
    static final int MAX_REPORTS = 64;

    private CaptureLossHistory() {}

    /** The history with {@code heartbeat} added (if its count changed), pruned below {@code watermarkMicros}. */
    static long[] add(long[] history, AgentHeartbeat heartbeat, long watermarkMicros) {
        long[] pairs = history == null ? new long[0] : history;
        long clock = heartbeat.captureClockMicros();
        long drops = heartbeat.totalDrops();
        int at = insertionPoint(pairs, clock);
        boolean sameAsBefore = at > 0 && pairs[2 * at - 1] == drops;
        boolean sameClock = at > 0 && pairs[2 * at - 2] == clock;
        long[] grown;
        if (sameAsBefore) {
            grown = pairs;
        } else if (sameClock) {
            grown = pairs.clone();
            grown[2 * at - 1] = Math.max(grown[2 * at - 1], drops);
        } else {
            grown = new long[pairs.length + 2];
            System.arraycopy(pairs, 0, grown, 0, 2 * at);
            grown[2 * at] = clock;
            grown[2 * at + 1] = drops;
            System.arraycopy(pairs, 2 * at, grown, 2 * at + 2, pairs.length - 2 * at);
        }
        return prune(grown, watermarkMicros);
    }

    /** The agent's latest report with a capture clock before {@code beforeMicros}, or null. */
    static DropReport latestBefore(String agentId, long[] history, long beforeMicros) {
        if (history == null) {
            return null;
        }
        int count = insertionPoint(history, beforeMicros - 1);
        if (count == 0) {
            return null;
        }
        int last = 2 * (count - 1);
        // The total is all that matters to the state machine; it is carried as kernel drops.
        return new DropReport(agentId, history[last], history[last + 1], 0, 0);
    }

    /** How many pairs have a clock at or before {@code clock}. */
    private static int insertionPoint(long[] pairs, long clock) {
        int count = 0;
        while (count < pairs.length / 2 && pairs[2 * count] <= clock) {
            count++;
        }
        return count;
    }

    private static long[] prune(long[] pairs, long watermarkMicros) {
        int atOrBefore = insertionPoint(pairs, watermarkMicros);
        int drop = Math.max(atOrBefore - 1, pairs.length / 2 - MAX_REPORTS);
        return drop > 0 ? Arrays.copyOfRange(pairs, 2 * drop, pairs.length) : pairs;
    }
}
