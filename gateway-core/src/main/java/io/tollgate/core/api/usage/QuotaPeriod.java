package io.tollgate.core.api.usage;

/** The period a usage plan's quota counts requests over, calendar-aligned. */
public enum QuotaPeriod {
    DAY, WEEK, MONTH
}
