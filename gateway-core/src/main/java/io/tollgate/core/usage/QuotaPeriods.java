package io.tollgate.core.usage;

import io.tollgate.core.api.usage.QuotaPeriod;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * Calendar periods of quotas in a time zone: days from midnight, weeks from Sunday midnight (AWS's week), months
 * from the first at midnight. Daylight-saving days are 23 or 25 hours long, as the calendar says.
 */
public final class QuotaPeriods {

    private QuotaPeriods() {
    }

    /** A period's bounds, epoch millis: {@code start} inclusive, {@code end} exclusive. */
    public record Period(long start, long end) {

        public boolean contains(Instant instant) {
            long millis = instant.toEpochMilli();
            return millis >= start && millis < end;
        }
    }

    /** The period of {@code type} containing {@code now}, in {@code zone}. */
    public static Period of(Instant now, QuotaPeriod type, ZoneId zone) {
        LocalDate date = now.atZone(zone).toLocalDate();
        LocalDate start = switch (type) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
            case MONTH -> date.withDayOfMonth(1);
        };
        LocalDate end = switch (type) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
        return new Period(start.atStartOfDay(zone).toInstant().toEpochMilli(), end.atStartOfDay(zone).toInstant().toEpochMilli());
    }
}
