package io.akshybrid.gateway.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * How often a job runs: a positive duration, or {@code off}. The same text is what the scheduler's
 * {@code every} reads, so a value that this type accepts is one the scheduler accepts; reading it
 * here makes a typo fail at startup with the key's name instead of silently never running.
 *
 * @param every empty when the job is off
 */
public record Schedule(Optional<Duration> every) {

    public Schedule {
        every.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a schedule must be a positive duration or 'off', not " + d);
            }
        });
    }

    /** Reads {@code off}/{@code disabled}, an ISO-8601 duration ({@code PT5S}) or its short form ({@code 5s}). */
    public static final class Reader implements Converter<Schedule> {
        @Override
        public Schedule convert(String value) {
            String v = value.trim();
            if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("disabled")) {
                return new Schedule(Optional.empty());
            }
            String iso = !v.isEmpty() && Character.isDigit(v.charAt(0)) ? "PT" + v : v;
            try {
                return new Schedule(Optional.of(Duration.parse(iso)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "'" + value + "' is neither 'off' nor a duration such as PT5S or 5s", e);
            }
        }
    }
}
