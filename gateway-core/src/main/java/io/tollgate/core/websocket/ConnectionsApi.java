package io.tollgate.core.websocket;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.api.auth.RouteAuthorization;
import io.tollgate.core.api.integration.MockIntegration;
import io.tollgate.core.api.integration.NonProxyMapping;
import io.tollgate.core.pipeline.ApiEndpointFactory;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.PayloadTooLargeException;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.routing.RouteTable;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket API stage's {@code @connections} API, as AWS's (the API the AWS SDK's {@code ApiGatewayManagementApiClient}
 * calls): {@code POST /{stage}/@connections/{id}} sends its body to the connection (200), {@code GET} describes it (200,
 * {@code connectedAt}, {@code identity}, {@code lastActiveAt}), {@code DELETE} closes it (204); a connection that is not
 * open on this stage is 410 {@code GoneException}, a body over the message size 413, a client whose outbound buffer is
 * full 429 {@code LimitExceededException}; a connection open on an instance that cannot be reached (the
 * {@link ConnectionDirectory}'s Redis down, the instance not answering) 503 {@code ServiceUnavailableException}. Each operation is an {@code AWS_IAM} route of the stage, compiled with its
 * steps (the SigV4 check against the gateway's IAM credentials, the stage's throttle): without IAM credentials nobody
 * may call it, and a caller the IAM step did not authorize is refused here too (403), whatever the steps were.
 */
final class ConnectionsApi {

    /** The path segment of the API, after the stage ({@code %40connections} decodes to it). */
    static final String SEGMENT = "@connections";

    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final StageEndpoint endpoint;
    private final Map<String, ExchangeHandler> byMethod;
    private final Map<String, RouteKey> keys;

    ConnectionsApi(StageEndpoint endpoint, ApiEndpointFactory.Steps steps) {
        this.endpoint = endpoint;
        // the integration stands for the operation below; it is never called
        MockIntegration none = new MockIntegration(200, Map.of(), "", NonProxyMapping.NONE);
        RouteAuthorization iam = new RouteAuthorization(AuthorizationType.AWS_IAM, null, List.of());
        long maxBody = endpoint.settings.maxMessageSize();
        RouteKey post = RouteKey.parse("POST /@connections/{connectionId}");
        RouteKey get = RouteKey.parse("GET /@connections/{connectionId}");
        RouteKey delete = RouteKey.parse("DELETE /@connections/{connectionId}");
        this.keys = Map.of("POST", post, "GET", get, "DELETE", delete);
        this.byMethod = Map.of(
                "POST", steps.around(new Route(post, none, maxBody, iam, false), this::post),
                "GET", steps.around(new Route(get, none, maxBody, iam, false), this::get),
                "DELETE", steps.around(new Route(delete, none, maxBody, iam, false), this::delete));
    }

    /** Serves {@code exchange}, a request to the stage's {@code @connections/{id}}. */
    Mono<Reply> handle(GatewayExchange exchange) {
        String method = exchange.request().method();
        ExchangeHandler handler = byMethod.get(method);
        RouteKey key = keys.get(method);
        if (handler == null || key == null) {
            return Reply.errorMono(new GatewayError(GatewayResponseType.DEFAULT_4XX, 403, "Forbidden"));
        }
        GatewayExchange operation = new GatewayExchange(exchange.request(), exchange.path(), endpoint.api,
                endpoint.stage, RouteTable.Match.of(key, 0, exchange.path(), endpoint.prefixSegments()),
                exchange.requestTimeEpoch(), exchange.startNanos());
        if (!exchange.sourceIp().equals(operation.peerIp())) {
            operation.clientAddress(exchange.sourceIp());
        }
        // a body too large for the signature check to read is the API's PayloadTooLargeException too
        return handler.handle(operation).map(reply -> {
            GatewayError error = reply.error();
            Reply answer = error != null && error.type() == GatewayResponseType.REQUEST_TOO_LARGE
                    ? failure(new ConnectionException(ConnectionException.Reason.PAYLOAD_TOO_LARGE, "Message too long"))
                    : reply;
            byte[] body = answer.bytes();
            GatewayError answered = answer.error();
            RequestListener.completeNow(operation, answered != null ? answered.status() : answer.status(),
                    body == null ? 0 : body.length, answered);
            return answer;
        });
    }

    /** The connection id the request names (its last segment, percent-decoded). */
    private String connectionId(GatewayExchange exchange) {
        return exchange.path().decodedSegment(endpoint.prefixSegments() + 1);
    }

    /** Whether the steps authorized the caller by IAM: checked again here, so that no set of steps can open this API. */
    private static boolean signed(GatewayExchange exchange) {
        Authorization authorization = exchange.authorization();
        return authorization != null && authorization.type() == AuthorizationType.AWS_IAM;
    }

    private Mono<Reply> post(GatewayExchange exchange) {
        if (!signed(exchange)) {
            return forbidden();
        }
        String id = connectionId(exchange);
        return exchange.wholeBody(endpoint.settings.maxMessageSize())
                .flatMap(data -> endpoint.connections.sendAnywhere(endpoint.scope, id, data)
                        .thenReturn(Reply.of(200, HEADERS.newHeaders(), new byte[0])))
                .onErrorResume(PayloadTooLargeException.class, e -> Mono.just(failure(new ConnectionException(
                        ConnectionException.Reason.PAYLOAD_TOO_LARGE, "Message too long"))))
                .onErrorResume(ConnectionException.class, e -> Mono.just(failure(e)));
    }

    private Mono<Reply> get(GatewayExchange exchange) {
        if (!signed(exchange)) {
            return forbidden();
        }
        return endpoint.connections.getAnywhere(endpoint.scope, connectionId(exchange))
                .map(info -> {
                    StringBuilder json = new StringBuilder("{\"connectedAt\":\"").append(iso(info.connectedAt()))
                            .append("\",\"identity\":{\"sourceIp\":\"").append(Json.escape(info.sourceIp())).append('"');
                    if (info.userAgent() != null) {
                        json.append(",\"userAgent\":\"").append(Json.escape(info.userAgent())).append('"');
                    }
                    json.append("},\"lastActiveAt\":\"").append(iso(info.lastActiveAt())).append("\"}");
                    HttpHeaders headers = HEADERS.newHeaders().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    return Reply.of(200, headers, json.toString().getBytes(StandardCharsets.UTF_8));
                })
                .onErrorResume(ConnectionException.class, e -> Mono.just(failure(e)));
    }

    private Mono<Reply> delete(GatewayExchange exchange) {
        if (!signed(exchange)) {
            return forbidden();
        }
        return endpoint.connections.closeAnywhere(endpoint.scope, connectionId(exchange))
                .thenReturn(Reply.of(204, HEADERS.newHeaders(), new byte[0]))
                .onErrorResume(ConnectionException.class, e -> Mono.just(failure(e)));
    }

    /** AWS's timestamps: ISO 8601 in UTC, to the millisecond. */
    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Mono<Reply> forbidden() {
        return Reply.errorMono(new GatewayError(GatewayResponseType.ACCESS_DENIED, 403, "Forbidden"));
    }

    /**
     * A failed operation as AWS's management API answers it: its status, and the error's type in
     * {@code x-amzn-ErrorType} (which the AWS SDKs turn into {@code GoneException}, {@code LimitExceededException},
     * {@code PayloadTooLargeException}).
     */
    private static Reply failure(ConnectionException e) {
        String type = switch (e.reason()) {
            case GONE -> "GoneException";
            case LIMIT_EXCEEDED -> "LimitExceededException";
            case PAYLOAD_TOO_LARGE -> "PayloadTooLargeException";
            case UNAVAILABLE -> "ServiceUnavailableException";
        };
        HttpHeaders headers = HEADERS.newHeaders().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set("x-amzn-ErrorType", type);
        String body = "{\"message\":\"" + Json.escape(e.getMessage() == null ? type : e.getMessage()) + "\"}";
        return Reply.of(e.reason().status(), headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
