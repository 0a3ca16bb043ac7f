package io.tollgate.core.api;

/** How much a stage's execution log says, as AWS's stage logging level. */
public enum ExecutionLogLevel {
    /** Nothing (the default): nothing is compiled in. */
    OFF,
    /** Requests that failed: gateway errors (4XX at WARN, 5XX at ERROR) and 5XX replies of the integration. */
    ERROR,
    /** Every request, stage by stage, at INFO; failures as for {@link #ERROR}. */
    INFO
}
