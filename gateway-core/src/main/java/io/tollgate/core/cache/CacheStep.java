package io.tollgate.core.cache;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.cache.StageCache;
import io.tollgate.core.api.cache.UnauthorizedCacheControlHeaderStrategy;
import io.tollgate.core.pipeline.CacheStatus;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.StepOrder;
import io.tollgate.core.pipeline.WebSocketHandshake;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A route's stage cache, between the method request (authorizers, API keys, validation: they run first) and the
 * integration request. A hit answers the stored response and skips the integration; a miss calls it and, when the
 * reply is cacheable, copies the body as it streams to the client and stores it once whole. Concurrent misses of one
 * key wait for the first one's response (request coalescing) instead of calling the backend each. An authorized
 * {@code Cache-Control: max-age=0} refreshes the entry.
 */
final class CacheStep implements PipelineStep {

    /** The warning added for an ignored {@code Cache-Control: max-age=0} (AWS's name for it is not documented). */
    static final String WARNING = "199 tollgate \"Cache-Control max-age=0 ignored: the caller may not invalidate the cache\"";

    private static final Logger log = LoggerFactory.getLogger(CacheStep.class);
    private static final GatewayError FORBIDDEN = GatewayError.of(GatewayResponseType.ACCESS_DENIED);

    private final ResponseCacheStore store;
    private final CacheKeys keys;
    private final Set<String> methods;
    private final Duration ttl;
    private final StageCache settings;
    private final CacheInvalidationPolicy policy;
    private final @Nullable String statusHeader;
    private final Duration coalesceWait;
    private final ConcurrentHashMap<String, Sinks.One<CachedResponse>> inflight = new ConcurrentHashMap<>();

    CacheStep(ResponseCacheStore store, CacheKeys keys, Set<String> methods, Duration ttl, StageCache settings,
               CacheInvalidationPolicy policy, @Nullable String statusHeader, Duration coalesceWait) {
        this.store = store;
        this.keys = keys;
        this.methods = methods;
        this.ttl = ttl;
        this.settings = settings;
        this.policy = policy;
        this.statusHeader = statusHeader;
        this.coalesceWait = coalesceWait;
    }

    @Override
    public Phase phase() {
        return Phase.CACHE;
    }

    @Override
    public int order() {
        return StepOrder.CACHE;
    }

    @Override
    public String name() {
        return "stage-cache";
    }

    @Override
    public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
        // a WebSocket handshake opens a session: never answered from the cache, never cached
        String key = methods.contains(exchange.request().method()) && !WebSocketHandshake.requested(exchange.request())
                ? keys.key(exchange) : null;
        if (key == null) {
            exchange.cacheStatus(CacheStatus.NONE);
            return next.handle(exchange);
        }
        boolean warn = false;
        if (wantsRefresh(exchange)) {
            if (!settings.requireAuthorizationForCacheControl() || policy.mayInvalidate(exchange, settings)) {
                return fetch(exchange, next, key, null, CacheStatus.REFRESH);
            }
            if (settings.unauthorizedStrategy() == UnauthorizedCacheControlHeaderStrategy.FAIL_WITH_403) {
                exchange.cacheStatus(CacheStatus.NONE);
                return Reply.errorMono(FORBIDDEN);
            }
            warn = settings.unauthorizedStrategy() == UnauthorizedCacheControlHeaderStrategy.SUCCEED_WITH_RESPONSE_HEADER;
        }
        Mono<Reply> answer = store.get(key)
                .onErrorResume(e -> {
                    log.warn("The stage cache could not be read; answering from the integration", e);
                    return Mono.empty();
                })
                .map(entry -> hit(exchange, entry))
                .switchIfEmpty(Mono.defer(() -> miss(exchange, next, key)));
        if (warn) {
            answer = answer.map(reply -> {
                reply.headers().add(HttpHeaderNames.WARNING, WARNING);
                return reply;
            });
        }
        return answer;
    }

    private static boolean wantsRefresh(GatewayExchange exchange) {
        String cacheControl = exchange.header("cache-control");
        if (cacheControl == null) {
            return false;
        }
        for (String directive : cacheControl.split(",")) {
            if (directive.trim().equalsIgnoreCase("max-age=0")) {
                return true;
            }
        }
        return false;
    }

    private Reply hit(GatewayExchange exchange, CachedResponse entry) {
        exchange.cacheStatus(CacheStatus.HIT);
        HttpHeaders headers = entry.headersCopy();
        if (statusHeader != null) {
            headers.set(statusHeader, "HIT");
        }
        return Reply.of(entry.status(), headers, entry.body());
    }

    /** The first miss of a key calls the integration; the others wait for its response, or call it themselves. */
    private Mono<Reply> miss(GatewayExchange exchange, ExchangeHandler next, String key) {
        Sinks.One<CachedResponse> mine = Sinks.one();
        Sinks.One<CachedResponse> leader = inflight.putIfAbsent(key, mine);
        if (leader == null) {
            return fetch(exchange, next, key, mine, CacheStatus.MISS);
        }
        return leader.asMono()
                // a leader that never finishes (its reply neither written nor discarded) stops holding the key
                .timeout(coalesceWait, Mono.defer(() -> {
                    inflight.remove(key, leader);
                    return Mono.empty();
                }))
                .map(entry -> hit(exchange, entry))
                .switchIfEmpty(Mono.defer(() -> fetch(exchange, next, key, null, CacheStatus.MISS)));
    }

    private Mono<Reply> fetch(GatewayExchange exchange, ExchangeHandler next, String key,
                              Sinks.@Nullable One<CachedResponse> waiting, CacheStatus status) {
        exchange.cacheStatus(status);
        Recording recording = new Recording(key, waiting, status == CacheStatus.REFRESH);
        Mono<Reply> reply;
        try {
            reply = next.handle(exchange);
        } catch (RuntimeException e) {
            reply = Mono.error(e);
        }
        return reply
                .map(r -> recording.record(r, status))
                .doOnSuccess(r -> {
                    if (r == null) {
                        recording.abandon();
                    }
                })
                .doOnError(e -> recording.abandon())
                .doOnCancel(recording::abandon);
    }

    /** Whether a reply may be stored: 200, small enough, and nothing saying it is the caller's alone. */
    static boolean cacheable(Reply reply) {
        if (reply.isError() || reply.status() != 200) {
            return false;
        }
        HttpHeaders headers = reply.headers();
        if (headers.contains(HttpHeaderNames.SET_COOKIE)) {
            return false;
        }
        for (String cacheControl : headers.getAll(HttpHeaderNames.CACHE_CONTROL)) {
            String value = cacheControl.toLowerCase(Locale.ROOT);
            if (value.contains("private") || value.contains("no-store")) {
                return false;
            }
        }
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            return false;
        }
        long length = Reply.contentLength(headers);
        if (length > StageCache.MAX_ENTRY_BYTES) {
            return false;
        }
        byte[] bytes = reply.bytes();
        return bytes == null || bytes.length <= StageCache.MAX_ENTRY_BYTES;
    }

    /** One miss's reply on its way to the client: stored once whole, or given up (waiting misses then call themselves). */
    private final class Recording {

        private final String key;
        /** The misses of the same key waiting for this one's response; null when there are none to tell. */
        private final Sinks.@Nullable One<CachedResponse> waiting;
        private final boolean refresh;
        private final AtomicBoolean done = new AtomicBoolean();

        Recording(String key, Sinks.@Nullable One<CachedResponse> waiting, boolean refresh) {
            this.key = key;
            this.waiting = waiting;
            this.refresh = refresh;
        }

        Reply record(Reply reply, CacheStatus status) {
            // the headers to store, copied before the status header is added; null when the reply is not cacheable
            HttpHeaders stored = cacheable(reply) ? storedHeaders(reply.headers()) : null;
            if (statusHeader != null && !reply.isError()) {
                reply.headers().set(statusHeader, status.name());
            }
            if (stored == null) {
                abandon();
                return reply;
            }
            if (!reply.isStreaming()) {
                byte[] bytes = reply.bytes();
                complete(new CachedResponse(reply.status(), stored, bytes == null ? new byte[0] : bytes));
                return reply;
            }
            BodyCopy copy = new BodyCopy(StageCache.MAX_ENTRY_BYTES, Reply.contentLength(reply.headers()));
            int code = reply.status();
            return Reply.streaming(code, reply.headers(), reply.body()
                    .doOnNext(buffer -> {
                        copy.add(buffer);
                        // stored as the last announced byte passes, before the client can have it and leave: a
                        // client that closes its connection at once would otherwise cancel the body before its end
                        // arrives from the backend, and the whole response would be lost to the cache
                        if (copy.whole()) {
                            complete(new CachedResponse(code, stored, Objects.requireNonNull(copy.bytes())));
                        }
                    })
                    .doOnComplete(() -> {
                        byte[] bytes = copy.bytes();
                        if (bytes == null) {
                            abandon();
                        } else {
                            complete(new CachedResponse(code, stored, bytes));
                        }
                    })
                    .doOnError(e -> abandon())
                    .doOnCancel(this::abandon), () -> {
                        abandon();
                        reply.discard();
                    });
        }

        private void complete(CachedResponse entry) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            store.put(key, entry, ttl).subscribe(null, e -> log.warn("The stage cache could not store a response", e));
            release(entry);
        }

        void abandon() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (refresh) {
                store.invalidate(key).subscribe(null, e -> log.warn("The stage cache could not invalidate an entry", e));
            }
            release(null);
        }

        private void release(@Nullable CachedResponse entry) {
            if (waiting == null) {
                return;
            }
            inflight.remove(key, waiting);
            if (entry == null) {
                waiting.tryEmitEmpty();
            } else {
                waiting.tryEmitValue(entry);
            }
        }
    }

    private static HttpHeaders storedHeaders(HttpHeaders headers) {
        HttpHeaders copy = CachedResponse.HEADERS.newHeaders().set(headers);
        copy.remove(HttpHeaderNames.CONTENT_LENGTH);
        copy.remove(HttpHeaderNames.TRANSFER_ENCODING);
        return copy;
    }
}
