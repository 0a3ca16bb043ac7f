package io.tollgate.core.api.cors;

import io.tollgate.core.api.Problems;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * An API's CORS configuration, as HTTP APIs' {@code corsConfiguration}: the gateway answers preflight requests itself
 * (before authorizers, and before a {@code $default} route can trap them) and adds the CORS headers to every response,
 * gateway errors included, ignoring the ones a backend sends.
 *
 * @param allowOrigins     origins, exact ({@code https://shop.example.com}), patterns ({@code https://*.example.com})
 *                         or {@code *}
 * @param allowMethods     methods, or {@code *}
 * @param allowHeaders     request headers, or {@code *}
 * @param exposeHeaders    response headers the browser may read
 * @param maxAge           how long a preflight answer may be cached; null for none
 * @param allowCredentials whether credentials are allowed (not with {@code *} origins)
 */
public record CorsConfiguration(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                                List<String> exposeHeaders, @Nullable Duration maxAge, boolean allowCredentials) {

    public CorsConfiguration {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    /** The configuration when it is valid; null when there is none, or (problems recorded) when it is invalid. */
    public static @Nullable CorsConfiguration validate(@Nullable CorsConfiguration cors, Problems problems) {
        if (cors == null) {
            return null;
        }
        int before = problems.asList().size();
        if (cors.allowOrigins().isEmpty()) {
            problems.add("cors.allow-origins", "must name at least one origin (or *)");
        }
        for (int i = 0; i < cors.allowOrigins().size(); i++) {
            String origin = cors.allowOrigins().get(i);
            if (origin == null || !(origin.equals("*") || origin.matches("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s]+"))) {
                problems.add("cors.allow-origins[" + i + "]", "'" + origin
                        + "' must be * or an origin like https://shop.example.com (patterns: https://*.example.com)");
            }
        }
        if (cors.allowCredentials() && cors.allowOrigins().contains("*")) {
            problems.add("cors.allow-credentials", "credentials cannot be allowed for any origin (*): name the origins");
        }
        if (cors.maxAge() != null && (cors.maxAge().isNegative() || cors.maxAge().toSeconds() > 86400)) {
            problems.add("cors.max-age", "must be 0 to 86400 seconds");
        }
        return problems.asList().size() > before ? null : cors;
    }
}
