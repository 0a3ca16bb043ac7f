package io.tollgate.core.response;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.ApiType;

import java.nio.charset.StandardCharsets;

/**
 * Renders gateway responses exactly as Amazon API Gateway does by default: the status, the body
 * {@code {"message":"..."}} ({@code $context.error.messageString}), {@code Content-Type: application/json}, and for
 * REST APIs the {@code x-amzn-ErrorType} header.
 */
public final class AwsGatewayResponseRenderer implements GatewayResponseRenderer {

    /** The {@code x-amzn-ErrorType} header of REST API error responses. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    @Override
    public Rendered render(GatewayError error, ApiType apiType, HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        if (apiType == ApiType.REST) {
            headers.set(ERROR_TYPE_HEADER, error.type().errorType());
        }
        String body = "{\"message\":" + Json.quote(error.message()) + "}";
        return new Rendered(error.status(), body.getBytes(StandardCharsets.UTF_8));
    }
}
