package io.tollgate.core.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.Stage;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.core.routing.RouteTable;
import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One request's walk through the gateway, with its state as typed fields: the request, the API and stage it
 * addressed, the route it matched and its path parameters, and the {@code $context} values. Stages read and add to
 * it; nothing travels in string-keyed attribute maps.
 */
public final class GatewayExchange {

    private static final byte[] NO_BODY = new byte[0];
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** {@code $context.requestTime} of one second (its resolution): formatted once, not for every request's log line. */
    private record FormattedSecond(long second, String text) {
    }

    private static volatile FormattedSecond lastRequestTime = new FormattedSecond(Long.MIN_VALUE, "");

    private final InboundRequest request;
    private final RequestPath path;
    private final Api api;
    private final Stage stage;
    private final RouteTable.@Nullable Match<?> match;
    private final String requestId;
    private final long requestTimeEpoch;
    private final long startNanos;
    private @Nullable QueryString query;
    private @Nullable String extendedRequestId;
    private @Nullable String clientAddress;
    private @Nullable Authorization authorization;
    private byte @Nullable [] body;
    private CacheStatus cacheStatus = CacheStatus.NONE;
    private RequestFacts facts = RequestFacts.NONE;
    private @Nullable WebSocketContext webSocket;

    public GatewayExchange(InboundRequest request, RequestPath path, Api api, Stage stage,
                           RouteTable.@Nullable Match<?> match, long requestTimeEpoch, long startNanos) {
        this.request = request;
        this.path = path;
        this.api = api;
        this.stage = stage;
        this.match = match;
        this.requestId = RequestIds.next();
        this.requestTimeEpoch = requestTimeEpoch;
        this.startNanos = startNanos;
    }

    public InboundRequest request() {
        return request;
    }

    public RequestPath path() {
        return path;
    }

    public Api api() {
        return api;
    }

    public Stage stage() {
        return stage;
    }

    /** The route matched, or {@code null} for a request no route matched. */
    public RouteTable.@Nullable Match<?> match() {
        return match;
    }

    public String requestId() {
        return requestId;
    }

    /** {@code epochMillis} as {@code $context.requestTime} ({@code dd/MMM/yyyy:HH:mm:ss +0000}). */
    static String requestTime(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000L);
        FormattedSecond last = lastRequestTime;
        if (last.second() != second) {
            last = new FormattedSecond(second, REQUEST_TIME.format(Instant.ofEpochSecond(second)));
            lastRequestTime = last;
        }
        return last.text();
    }

    public long requestTimeEpoch() {
        return requestTimeEpoch;
    }

    /** {@link System#nanoTime()} when the gateway received the request. */
    public long startNanos() {
        return startNanos;
    }

    /** The raw value of path parameter {@code name}, or {@code null}. */
    public @Nullable String pathParameter(String name) {
        return match == null ? null : match.pathParameter(name);
    }

    /** The request path without the base path and stage ({@code $request.path}). */
    public String resourceRequestPath() {
        return path.normalizedFrom(match == null ? 0 : match.offset());
    }

    /**
     * The request path as received, without the base path and stage: {@code //} and a trailing {@code /} kept, as
     * AWS passes {@code path} in proxy events.
     */
    public String rawResourcePath() {
        String raw = path.raw();
        int skip = match == null ? 0 : match.offset();
        int index = 0;
        while (skip > 0 && index < raw.length()) {
            while (index < raw.length() && raw.charAt(index) == '/') {
                index++;
            }
            while (index < raw.length() && raw.charAt(index) != '/') {
                index++;
            }
            skip--;
        }
        String rest = raw.substring(index);
        return rest.isEmpty() ? "/" : rest;
    }

    /** The values of header {@code name} joined with commas, or {@code null}. */
    public @Nullable String header(String name) {
        List<String> all = request.headers().getAll(name);
        if (all.isEmpty()) {
            return null;
        }
        return all.size() == 1 ? all.get(0) : String.join(",", all);
    }

    /** The parsed query string (parsed on first use). */
    public QueryString query() {
        QueryString q = query;
        if (q == null) {
            q = QueryString.parse(request.rawQuery());
            query = q;
        }
        return q;
    }

    /** The value of stage variable {@code name}, empty when it is not defined (as AWS). */
    public String stageVariable(String name) {
        return stage.variables().getOrDefault(name, "");
    }

    /** The route key ({@code GET /pets/{id}}, {@code $default}), or empty for an unmatched request. */
    public String routeKey() {
        return match == null ? "" : match.key().toString();
    }

    /** The value of a {@code $context} variable, as a string. */
    public String context(ContextVariable variable) {
        return switch (variable) {
            case API_ID -> api.id();
            case DOMAIN_NAME -> domainName();
            case DOMAIN_PREFIX -> {
                String domain = domainName();
                int dot = domain.indexOf('.');
                yield dot < 0 ? domain : domain.substring(0, dot);
            }
            case EXTENDED_REQUEST_ID -> extendedRequestId();
            case HTTP_METHOD -> request.method();
            case IDENTITY_SOURCE_IP -> sourceIp();
            case IDENTITY_USER_AGENT -> {
                String agent = webSocket != null ? webSocket.userAgent() : request.headers().get(HttpHeaderNames.USER_AGENT);
                yield agent == null ? "" : agent;
            }
            case CONNECTION_ID -> webSocket == null ? "" : webSocket.connectionId();
            case CONNECTED_AT -> webSocket == null ? "" : Long.toString(webSocket.connectedAt());
            case EVENT_TYPE -> webSocket == null ? "" : webSocket.eventType().name();
            case MESSAGE_ID -> webSocket == null || webSocket.messageId() == null ? "" : webSocket.messageId();
            case MESSAGE_DIRECTION -> webSocket == null ? "" : "IN";
            case PATH -> path.raw();
            case PROTOCOL -> request.protocol();
            case REQUEST_ID -> requestId;
            case REQUEST_TIME -> requestTime(requestTimeEpoch);
            case REQUEST_TIME_EPOCH -> Long.toString(requestTimeEpoch);
            case RESOURCE_PATH -> {
                // a route key has a path unless it is $default
                String resource = match == null ? "" : match.key().path();
                yield resource == null ? RouteKey.DEFAULT : resource;
            }
            case ROUTE_KEY -> routeKey();
            case STAGE -> stage.name();
            case DEPLOYMENT_ID -> stage.deploymentId();
            case IS_CANARY_REQUEST -> stage.isCanary() ? "true" : "false";
            case AUTHORIZER -> "";
            case IDENTITY_ACCESS_KEY -> accessKey();
            case IDENTITY_USER_ARN -> authorization != null && authorization.userArn() != null ? authorization.userArn() : "";
            case IDENTITY_USER, IDENTITY_CALLER -> authorization != null && authorization.userArn() != null
                    ? authorization.userArn().substring(authorization.userArn().lastIndexOf(':') + 1) : "";
        };
    }

    /**
     * The request body, whole, read at most once and bounded by {@code limit} (fails with
     * {@link PayloadTooLargeException}); empty when there is none. Once read, {@link #body()} replays it, so a stage
     * that needs the body (a signature check, validation) leaves it intact for the integration.
     */
    public Mono<byte[]> wholeBody(long limit) {
        byte[] read = body;
        if (read != null) {
            return read.length > limit ? Mono.error(new PayloadTooLargeException()) : Mono.just(read);
        }
        if (!request.hasBody()) {
            body = NO_BODY;
            return Mono.just(NO_BODY);
        }
        return BoundedBody.read(request.body(), limit).defaultIfEmpty(NO_BODY).doOnNext(bytes -> body = bytes);
    }

    /** The request body as it arrives, or as a stage read it whole ({@link #wholeBody(long)}). */
    public Flux<ByteBuf> body() {
        byte[] read = body;
        return read == null ? request.body() : read.length == 0 ? Flux.empty() : Flux.just(Unpooled.wrappedBuffer(read));
    }

    /** The body when a stage has read it whole ({@link #wholeBody(long)}), else null. */
    public byte @Nullable [] bufferedBody() {
        return body;
    }

    /** The length of the body when a stage has read it whole, else -1. */
    public long bufferedBodyLength() {
        byte[] read = body;
        return read == null ? -1 : read.length;
    }

    /** The WebSocket event this exchange is, or null for an HTTP request (of any API, a WebSocket API's upgrade too). */
    public @Nullable WebSocketContext webSocket() {
        return webSocket;
    }

    /** Makes this exchange a WebSocket API's event: its connection and kind. */
    public void webSocket(WebSocketContext context) {
        this.webSocket = Objects.requireNonNull(context);
    }

    /** What the route's authorizer found, or null when the route has none (or it has not run yet). */
    public @Nullable Authorization authorization() {
        return authorization;
    }

    /** Records what the route's authorizer found. */
    public void authorization(Authorization authorization) {
        this.authorization = authorization;
    }

    /**
     * The value of a {@code $context} variable whose name is not fixed: {@code name} is the whole name after
     * {@code $context.} ({@code authorizer.claims.sub}); for the others the same as {@link #context(ContextVariable)}.
     */
    public String context(ContextVariable variable, String name) {
        if (variable != ContextVariable.AUTHORIZER) {
            return context(variable);
        }
        Authorization auth = authorization;
        String value = auth == null ? null : auth.value(name.substring("authorizer.".length()));
        return value == null ? "" : value;
    }

    /** What the stage cache did for this request ({@link CacheStatus#NONE} when the route is not cached). */
    public CacheStatus cacheStatus() {
        return cacheStatus;
    }

    /** Records what the stage cache did for this request. */
    public void cacheStatus(CacheStatus status) {
        this.cacheStatus = Objects.requireNonNull(status);
    }

    /**
     * Records the client's address when it is not the direct peer (a trusted proxy forwarded the request): from then
     * on it is {@code $context.identity.sourceIp}.
     */
    public void clientAddress(String address) {
        this.clientAddress = address;
    }

    /** The client's address as AWS's {@code $context.identity.sourceIp}: the direct peer, unless a trusted proxy's. */
    public String sourceIp() {
        return clientAddress != null ? clientAddress : peerIp();
    }

    /** The address of the direct peer (a proxy in front of the gateway, or the client itself). */
    public String peerIp() {
        InetSocketAddress remote = request.remoteAddress();
        if (remote == null) {
            return "";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /**
     * What observability records about the request; {@link RequestFacts#NONE} (which records nothing) when the
     * request is not observed (its route has no listener).
     */
    public RequestFacts facts() {
        return facts;
    }

    /** Marks the request observed (the gateway does, before the pipeline runs, when its route has listeners). */
    public RequestFacts observe() {
        RequestFacts f = facts;
        if (!f.observed()) {
            f = new RequestFacts(true);
            facts = f;
        }
        return f;
    }

    private String domainName() {
        if (webSocket != null) {
            return webSocket.domainName();
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            return "";
        }
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(0, close + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    @SuppressWarnings("NullAway") // an IAM caller (the one with an ARN) has its access key as principal
    private String accessKey() {
        return authorization != null && authorization.userArn() != null ? authorization.principalId() : "";
    }

    private String extendedRequestId() {
        String id = extendedRequestId;
        if (id == null) {
            id = RequestIds.next().replace("-", "").substring(0, 16);
            extendedRequestId = id;
        }
        return id;
    }
}
