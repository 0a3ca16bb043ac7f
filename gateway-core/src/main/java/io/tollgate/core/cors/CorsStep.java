package io.tollgate.core.cors;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.cors.CorsConfiguration;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.StepOrder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * CORS for one API, in the outermost phase so it sees every reply: a preflight ({@code OPTIONS} with {@code Origin}
 * and {@code Access-Control-Request-Method}) is answered 204 here, before authorizers and before any route; every
 * other reply to a request with an allowed {@code Origin} gets the CORS headers, replacing any the backend sent.
 * Origin patterns are compiled at startup.
 */
final class CorsStep implements PipelineStep {

    private static final CharSequence[] CORS_HEADERS = {
            HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS,
            HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, HttpHeaderNames.ACCESS_CONTROL_MAX_AGE};

    private final CorsConfiguration cors;
    private final boolean anyOrigin;
    private final List<String> exactOrigins;
    private final List<Pattern> originPatterns;
    private final String allowMethods;
    private final boolean anyMethod;
    private final String allowHeaders;
    private final boolean anyHeader;
    private final String exposeHeaders;

    CorsStep(CorsConfiguration cors) {
        this.cors = cors;
        this.anyOrigin = cors.allowOrigins().contains("*");
        this.exactOrigins = cors.allowOrigins().stream().filter(o -> !o.contains("*"))
                .map(o -> o.toLowerCase(Locale.ROOT)).toList();
        this.originPatterns = cors.allowOrigins().stream().filter(o -> o.contains("*") && !o.equals("*"))
                .map(o -> Pattern.compile(Pattern.quote(o.toLowerCase(Locale.ROOT)).replace("*", "\\E[^/]*\\Q")))
                .toList();
        this.anyMethod = cors.allowMethods().contains("*");
        this.allowMethods = String.join(",", cors.allowMethods());
        this.anyHeader = cors.allowHeaders().contains("*");
        this.allowHeaders = String.join(",", cors.allowHeaders());
        this.exposeHeaders = String.join(",", cors.exposeHeaders());
    }

    @Override
    public Phase phase() {
        return Phase.METHOD_RESPONSE;
    }

    @Override
    public int order() {
        return StepOrder.CORS;
    }

    @Override
    public String name() {
        return "cors";
    }

    @Override
    public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
        HttpHeaders request = exchange.request().headers();
        String origin = request.get(HttpHeaderNames.ORIGIN);
        if (origin != null && "OPTIONS".equals(exchange.request().method())
                && request.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            return Mono.just(preflight(origin, request));
        }
        if (origin == null) {
            return next.handle(exchange);
        }
        boolean allowed = allowed(origin);
        return next.handle(exchange).map(reply -> {
            HttpHeaders headers = reply.headers();
            for (CharSequence name : CORS_HEADERS) {
                headers.remove(name);
            }
            if (allowed) {
                allowOrigin(origin, headers);
                if (!exposeHeaders.isEmpty()) {
                    headers.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, exposeHeaders);
                }
            }
            return reply;
        });
    }

    private Reply preflight(String origin, HttpHeaders request) {
        HttpHeaders headers = new DefaultHttpHeaders();
        String method = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        String requested = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (allowed(origin) && methodAllowed(method) && headersAllowed(requested)) {
            allowOrigin(origin, headers);
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, anyMethod ? method : allowMethods);
            if (requested != null && !requested.isBlank()) {
                headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, anyHeader ? requested : allowHeaders);
            }
            if (cors.maxAge() != null) {
                headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, Long.toString(cors.maxAge().toSeconds()));
            }
        }
        return Reply.of(204, headers, new byte[0]);
    }

    private void allowOrigin(String origin, HttpHeaders headers) {
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin && !cors.allowCredentials() ? "*" : origin);
        if (!anyOrigin || cors.allowCredentials()) {
            headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        if (cors.allowCredentials()) {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }

    boolean allowed(String origin) {
        if (anyOrigin) {
            return true;
        }
        String lower = origin.toLowerCase(Locale.ROOT);
        if (exactOrigins.contains(lower)) {
            return true;
        }
        for (Pattern pattern : originPatterns) {
            if (pattern.matcher(lower).matches()) {
                return true;
            }
        }
        return false;
    }

    private boolean methodAllowed(String method) {
        return anyMethod || cors.allowMethods().stream().anyMatch(m -> m.equalsIgnoreCase(method));
    }

    private boolean headersAllowed(@Nullable String requested) {
        if (requested == null || requested.isBlank() || anyHeader) {
            return true;
        }
        for (String header : requested.split(",")) {
            String name = header.trim();
            if (!name.isEmpty() && cors.allowHeaders().stream().noneMatch(h -> h.equalsIgnoreCase(name))) {
                return false;
            }
        }
        return true;
    }
}
