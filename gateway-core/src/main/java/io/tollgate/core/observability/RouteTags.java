package io.tollgate.core.observability;

import io.micrometer.common.KeyValues;
import io.tollgate.core.pipeline.RouteContext;

import java.util.Set;

/**
 * The low-cardinality names of a route, fixed at startup: api, stage and route key ({@value #UNMATCHED} for requests
 * no route matched, never the raw path), and the request method collapsed to the standard ones ({@code OTHER}).
 */
final class RouteTags {

    /** The route tag of requests no route matched. */
    static final String UNMATCHED = "$unmatched";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE", "CONNECT");

    private RouteTags() {
    }

    static String api(RouteContext context) {
        return context.api().name();
    }

    /** The stage's name; {@code <stage>/Canary} for its canary side, whose figures AWS also keeps apart. */
    static String stage(RouteContext context) {
        return context.stage().isCanary() ? context.stage().name() + "/Canary" : context.stage().name();
    }

    static String route(RouteContext context) {
        return context.route().map(r -> r.key().toString()).orElse(UNMATCHED);
    }

    /** The method as a tag value: one of the standard methods, or {@code OTHER}. */
    static String method(String method) {
        return METHODS.contains(method) ? method : "OTHER";
    }

    /** {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}, {@code REDIRECTION}, {@code INFORMATIONAL}. */
    static String outcome(int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        if (status >= 300) {
            return "REDIRECTION";
        }
        return status >= 200 ? "SUCCESS" : "INFORMATIONAL";
    }

    static KeyValues keyValues(RouteContext context) {
        return KeyValues.of("api", api(context), "stage", stage(context), "route", route(context));
    }
}
