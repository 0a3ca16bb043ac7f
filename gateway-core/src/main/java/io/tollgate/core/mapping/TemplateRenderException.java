package io.tollgate.core.mapping;

/**
 * A template failed while rendering (a sandbox limit, a method that threw). The gateway answers with a generic 500
 * and logs this; the client never sees template source or a stack trace.
 */
public final class TemplateRenderException extends RuntimeException {

    public TemplateRenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
