package io.tunnelwatch.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A duration flag as the job spells them: "500ms", "2s", "10m", "1h", a bare number of seconds, or ISO-8601 ("PT2S"). */
final class DurationOption implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String text) {
        String value = text.trim();
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw notADuration(text);
            }
        }
        Matcher matcher = SIMPLE.matcher(value);
        if (!matcher.matches()) {
            throw notADuration(text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static CommandLine.TypeConversionException notADuration(String text) {
        return new CommandLine.TypeConversionException("'" + text + "' is not a duration; write e.g. 500ms, 2s, 10m, 1h or PT2S");
    }
}
