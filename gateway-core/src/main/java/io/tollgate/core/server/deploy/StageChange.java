package io.tollgate.core.server.deploy;

import org.jspecify.annotations.Nullable;

/**
 * What happened to a stage: its kind, the deployment it served before and serves now ({@code from} null when the
 * stage is new, {@code to} null when it was deleted), its canary's deployment now (null: none), and why (for an abort,
 * the figures that decided it).
 */
public record StageChange(Kind kind, String api, String stage, @Nullable String from, @Nullable String to,
                          @Nullable String canary, String reason) {

    /** The kinds of change. */
    public enum Kind {
        STARTED, DEPLOYED, ROLLED_BACK, UPDATED, CANARY_SET, CANARY_PROMOTED, CANARY_DELETED, CANARY_ABORTED, DELETED,
        /** Changed by another instance sharing the store, and now served here too. */
        SYNCED
    }
}
