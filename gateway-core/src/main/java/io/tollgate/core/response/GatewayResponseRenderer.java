package io.tollgate.core.response;

import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.ApiType;

/**
 * Turns a {@link GatewayError} into the status, headers and body the client receives. The default renders AWS's
 * defaults; customised gateway responses plug in here.
 */
public interface GatewayResponseRenderer {

    /** Renders {@code error} for an API of {@code apiType}, setting headers on {@code headers}; returns the body. */
    Rendered render(GatewayError error, ApiType apiType, HttpHeaders headers);

    /** A rendered gateway response. */
    record Rendered(int status, byte[] body) {
    }
}
