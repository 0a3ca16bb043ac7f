package io.tollgate.core.api.integration;

import io.tollgate.core.api.Problems;
import org.jspecify.annotations.Nullable;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The integration types Tollgate supports, named as Amazon API Gateway names them. */
public enum IntegrationType {
    /** Forwards the request to an HTTP backend and streams its answer back unchanged. */
    HTTP_PROXY,
    /** Forwards a request reshaped by templates and mappings, and reshapes the answer (non-proxy). */
    HTTP,
    /** Answers from the gateway itself. */
    MOCK,
    /** Invokes a function of the application with AWS's Lambda proxy event (payload format 1.0 or 2.0). */
    FUNCTION;

    /** Parses a type name (case-insensitive, {@code -} or {@code _}), recording a problem when it is unknown. */
    public static @Nullable IntegrationType parse(@Nullable String text, String path, Problems problems) {
        if (text == null || text.isBlank()) {
            problems.add(path, "must be set (one of " + names() + ")");
            return null;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.add(path, "unknown integration type '" + text + "' (expected one of " + names() + ")");
            return null;
        }
    }

    static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
