package io.tollgate.core.websocket;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.ReferenceCountUtil;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.WebSocketSettings;
import io.tollgate.core.event.WebSocketEvents;
import io.tollgate.core.pipeline.ApiEndpointFactory;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.BoundedBody;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.InboundRequest;
import io.tollgate.core.pipeline.PayloadTooLargeException;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.RequestListener;
import io.tollgate.core.pipeline.WebSocketContext;
import io.tollgate.core.mapping.SelectionEvaluator;
import io.tollgate.core.pipeline.WebSocketHandshake;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.core.routing.RouteTable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One stage of a WebSocket API where it is served: its URL takes connections, and this is what answers every request to
 * it. A WebSocket handshake at the stage's path runs the {@code $connect} route (its authorizer, API key and
 * integration, when it has them): a 2xx answer completes the upgrade (with the {@code Sec-WebSocket-Protocol} the
 * answer names), any other status refuses it with that status and no body, as AWS does; a gateway error (401, 403, 429,
 * 502, 504) is answered as a gateway response. A request without a handshake at the stage's path is answered 426, any
 * other path 403 {@code Forbidden}.
 */
final class StageEndpoint implements ExchangeHandler {

    private static final Logger log = LoggerFactory.getLogger(StageEndpoint.class);
    /** The answer to a message no route takes (AWS's frame {@code {"message": "Forbidden", ...}}). */
    static final GatewayError NO_ROUTE = new GatewayError(GatewayResponseType.DEFAULT_4XX, 403, "Forbidden");
    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    final Api api;
    final Stage stage;
    final WebSocketSettings settings;
    final SelectionEvaluator routeSelection;
    final Clock clock;
    final LocalConnections connections;
    /** The connections this stage's {@code @connections} API reaches: its own. */
    final ConnectionScope scope;
    /** Each route's compiled pipeline by its key. */
    private final Map<RouteKey, ExchangeHandler> routes;
    /** The segments of the stage's URL path (base path and stage): a handshake's path has no more. */
    private final int prefixSegments;
    private final ConnectionsApi connectionsApi;
    /** What a message no route takes is answered: AWS's {@code Forbidden}, observed as the stage's unmatched requests. */
    final ExchangeHandler noRoute;
    /** The routes with a route response: their integration's answer is sent to the client. */
    private final Set<RouteKey> twoWay = new HashSet<>();

    StageEndpoint(Api api, Stage stage, Map<RouteKey, ExchangeHandler> routes, ApiEndpointFactory.Steps steps, Clock clock,
                  LocalConnections connections) {
        this.api = api;
        this.stage = stage;
        this.settings = api.webSocket();
        this.routeSelection = SelectionEvaluator.compile(Objects.requireNonNull(api.routeSelectionExpression(),
                "a WebSocket API's route selection expression"));
        this.clock = clock;
        this.connections = connections;
        this.scope = new ConnectionScope(api.name(), stage.name());
        this.routes = new HashMap<>(routes);
        String prefix = (api.basePath().equals("/") ? "" : api.basePath()) + stage.pathPrefix();
        this.prefixSegments = prefix.isEmpty() ? 0 : prefix.substring(1).split("/").length;
        this.connectionsApi = new ConnectionsApi(this, steps);
        this.noRoute = steps.unmatched(exchange -> Reply.errorMono(NO_ROUTE));
        for (Route route : api.routes()) {
            if (route.twoWay()) {
                twoWay.add(route.key());
            }
        }
    }

    /** How many segments the stage's URL path has (base path and stage). */
    int prefixSegments() {
        return prefixSegments;
    }

    /** The pipeline of route {@code key}, or null when the API has no such route. */
    @Nullable ExchangeHandler route(RouteKey key) {
        return routes.get(key);
    }

    boolean isTwoWay(RouteKey key) {
        return twoWay.contains(key);
    }

    @Override
    public Mono<Reply> handle(GatewayExchange exchange) {
        InboundRequest request = exchange.request();
        if (exchange.path().size() == prefixSegments + 2
                && ConnectionsApi.SEGMENT.equals(exchange.path().decodedSegment(prefixSegments))) {
            return connectionsApi.handle(exchange);
        }
        if (exchange.path().size() != prefixSegments) {
            return Reply.errorMono(new GatewayError(GatewayResponseType.DEFAULT_4XX, 403, "Forbidden"));
        }
        if (!WebSocketHandshake.requested(request)) {
            Reply reply = Reply.error(new GatewayError(GatewayResponseType.DEFAULT_4XX, 426, "Upgrade Required"));
            reply.headers().set(HttpHeaderNames.UPGRADE, "websocket")
                    .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, WebSocketHandshake.VERSION);
            return Mono.just(reply);
        }
        GatewayError malformed = WebSocketHandshake.problem(request);
        if (malformed != null) {
            return Reply.errorMono(malformed);
        }
        if (!request.canUpgrade()) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.DEFAULT_4XX,
                    "Bad Request: this server cannot switch this connection to WebSocket"));
        }
        WebSocketContext context = new WebSocketContext(WebSocketEvents.newId(), exchange.requestTimeEpoch(),
                WebSocketContext.EventType.CONNECT, null, exchange.context(ContextVariable.DOMAIN_NAME),
                request.headers().get(HttpHeaderNames.USER_AGENT), 0, "");
        ExchangeHandler connect = routes.get(RouteKey.webSocket(RouteKey.CONNECT));
        if (connect == null) {
            return upgrade(exchange, context, null, null);
        }
        GatewayExchange event = event(RouteKey.webSocket(RouteKey.CONNECT), request, exchange.path(), context, null,
                exchange.sourceIp());
        return connect.handle(event).flatMap(reply -> decide(exchange, event, context, reply));
    }

    /** The {@code $connect} route's answer made the handshake's: 2xx upgrades, another status refuses, an error is one. */
    private Mono<Reply> decide(GatewayExchange upgrade, GatewayExchange connect, WebSocketContext context, Reply reply) {
        GatewayError error = reply.error();
        if (error != null) {
            RequestListener.completeNow(connect, error.status(), 0, error);
            return Mono.just(reply);
        }
        int status = reply.status();
        RequestListener.completeNow(connect, status, 0, null);
        String subprotocol = reply.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        drain(reply);
        if (status < 200 || status > 299) {
            // AWS passes the status alone: the answer's body and headers are not the client's
            return Mono.just(Reply.of(status, HEADERS.newHeaders(), new byte[0]));
        }
        return upgrade(upgrade, context, connect.authorization(), subprotocol);
    }

    private Mono<Reply> upgrade(GatewayExchange exchange, WebSocketContext context, @Nullable Authorization authorization,
                                @Nullable String subprotocol) {
        ApiConnection connection = new ApiConnection(this, context, authorization, subprotocol,
                exchange.request().rawPath(), exchange.path(), exchange.request(), exchange.sourceIp());
        // $connect has said yes: open from when every instance can find it (what is sent to it then waits for the
        // client's side), so that a client that got its 101 can be sent to from anywhere
        return connections.add(connection).then(Mono.fromSupplier(() -> Reply.upgrade(HEADERS.newHeaders(), connection)));
    }

    /**
     * An exchange of route {@code key} for an event of the connection: on {@code request} (the upgrade's for CONNECT, a
     * message's or the disconnect's after it) at the stage's {@code path}, with the connection's context and authorizer,
     * from {@code sourceIp}.
     */
    GatewayExchange event(RouteKey key, InboundRequest request, RequestPath path, WebSocketContext context,
                          @Nullable Authorization authorization, String sourceIp) {
        GatewayExchange event = new GatewayExchange(request, path, api, stage, RouteTable.Match.of(key, 0, path,
                path.size()), clock.millis(), System.nanoTime());
        event.webSocket(context);
        if (authorization != null) {
            event.authorization(authorization);
        }
        if (!sourceIp.equals(event.peerIp())) {
            event.clientAddress(sourceIp);
        }
        return event;
    }

    /** Lets go of an answer nobody reads: a streamed body is read to its end (its connection then goes back to its pool). */
    static void drain(Reply reply) {
        if (reply.isStreaming()) {
            reply.body().subscribe(ReferenceCountUtil::release, e -> log.debug("An unread answer failed: {}", e.toString()));
        } else {
            reply.discard();
        }
    }

    /** Reads a whole answer's body: at most {@code limit} bytes ({@link PayloadTooLargeException} beyond). */
    static Mono<byte[]> body(Reply reply, long limit) {
        byte[] bytes = reply.bytes();
        if (bytes != null) {
            return bytes.length > limit ? Mono.error(new PayloadTooLargeException()) : Mono.just(bytes);
        }
        return BoundedBody.read(reply.body(), limit).defaultIfEmpty(new byte[0]);
    }
}
