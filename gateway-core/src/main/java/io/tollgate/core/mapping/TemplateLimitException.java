package io.tollgate.core.mapping;

/** A template went past a sandbox limit (output size, loop range, include). */
public final class TemplateLimitException extends RuntimeException {

    public TemplateLimitException(String message) {
        super(message, null, false, false);
    }
}
