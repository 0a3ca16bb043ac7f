package io.tollgate.core.mapping;

/**
 * A template read a body as JSON ({@code $input.json}, {@code $input.path}, {@code $util.parseJson}) and it is not
 * JSON. The gateway answers 400, as Amazon API Gateway does.
 */
public final class MalformedJsonException extends RuntimeException {

    public MalformedJsonException(String message) {
        super(message, null, false, false);
    }
}
