package io.tollgate.core.response;

import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.GatewayResponseCustomization;
import io.tollgate.core.api.GatewayResponseType;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * Turns a {@link GatewayError} into the status, headers and body the client receives: AWS's defaults, or the API's
 * customised gateway responses.
 */
public interface GatewayResponseRenderer {

    /** Renders {@code error}, setting headers on {@code headers}; returns the status and body. */
    Rendered render(GatewayError error, RenderContext context, HttpHeaders headers);

    /** A rendered gateway response. */
    record Rendered(int status, byte[] body) {
    }

    /** What a gateway response may refer to: the API and the request it answers. */
    interface RenderContext {

        ApiType apiType();

        /** The API's customised gateway responses. */
        Map<GatewayResponseType, GatewayResponseCustomization> customizations();

        /** A {@code $context} value by name ({@code requestId}, {@code identity.sourceIp}); null when unknown. */
        @Nullable String contextValue(String name);

        String stageVariable(String name);

        /** A request header (values joined with commas), or null. */
        @Nullable String requestHeader(String name);

        /** A query parameter's first value, or null. */
        @Nullable String queryParameter(String name);

        /** A path parameter's raw value, or null. */
        @Nullable String pathParameter(String name);
    }
}
