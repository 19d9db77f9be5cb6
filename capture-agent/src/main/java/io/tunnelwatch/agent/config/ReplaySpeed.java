package io.tunnelwatch.agent.config;

/**
 * How fast a replay feeds packets: as fast as Kafka takes them, or paced by the capture's own clock
 * ({@code realtime}) or a multiple of it.
 *
 * @param factor capture seconds per wall second; {@link Double#POSITIVE_INFINITY} for {@code max}
 */
public record ReplaySpeed(double factor) {
    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);
    public static final ReplaySpeed REALTIME = new ReplaySpeed(1.0);

    public ReplaySpeed {
        if (!(factor > 0)) {
            throw new ConfigException("replay speed must be positive, was " + factor);
        }
    }

    /** {@code max}, {@code realtime}, or a positive factor such as {@code 2} or {@code 0.5}. */
    public static ReplaySpeed parse(String text) {
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (value.equals("max")) {
            return MAX;
        }
        if (value.equals("realtime")) {
            return REALTIME;
        }
        double factor;
        try {
            factor = Double.parseDouble(value.endsWith("x") ? value.substring(0, value.length() - 1) : value);
        } catch (NumberFormatException e) {
            throw new ConfigException("bad --speed '" + text + "': use max, realtime or a positive factor such as 10");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new ConfigException("bad --speed '" + text + "': the factor must be a positive number");
        }
        return new ReplaySpeed(factor);
    }

    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : factor == 1.0 ? "realtime" : factor + "x";
    }
}
