package io.akshybrid.gateway.retention;

import io.akshybrid.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * The days that raw data and aggregates may cover, in UTC, derived from the retention settings. One
 * place for the arithmetic that ingest (what it accepts), the partition job (what it creates) and the
 * retention job (what it drops) must agree on: a partition is created only for days the retention job
 * keeps, and every time ingest accepts falls in a created partition.
 */
@ApplicationScoped
public class RetentionWindow {

    private final Period period;
    private final Period aggregatesPeriod;
    private final int daysAhead;
    private final Clock clock;

    @Inject
    public RetentionWindow(GatewayConfig config) {
        this(
                config.retention().period(),
                config.aggregates().retention(),
                config.shards().partitionDaysAhead(),
                Clock.systemUTC());
    }

    RetentionWindow(Period period, Period aggregatesPeriod, int daysAhead, Clock clock) {
        this.period = period;
        this.aggregatesPeriod = aggregatesPeriod;
        this.daysAhead = daysAhead;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /**
     * The oldest day kept raw: the day of (now - period). Ingest accepts times from now - period on,
     * which all fall on this day or later; every older day's partition lies wholly outside the period.
     */
    public LocalDate oldestRawDay(LocalDate today) {
        return today.minus(period);
    }

    /** The last day that gets a partition ahead of time. */
    public LocalDate newestPartitionDay(LocalDate today) {
        return today.plusDays(daysAhead);
    }

    /** Aggregates of days before this one are deleted. */
    public LocalDate oldestAggregateDay(LocalDate today) {
        return today.minus(aggregatesPeriod);
    }
}
