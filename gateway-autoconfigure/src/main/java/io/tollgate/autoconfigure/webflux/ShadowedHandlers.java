package io.tollgate.autoconfigure.webflux;

import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Resolution;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the application's annotated handlers that share a method and path with an explicit gateway route, so that
 * neither hides the other silently. Served directly ({@code tollgate.server.direct=true}, the default), the gateway
 * route answers and the handler is never reached; served through WebFlux, the handler answers and the route is never
 * reached. A handler's path pattern is tried with a sample value in each variable.
 */
final class ShadowedHandlers {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?[^}/]+}|\\*\\*|\\*");

    private ShadowedHandlers() {
    }

    /** One handler that a gateway route shadows (or is shadowed by), described for the log. */
    record Shadow(String method, String path, String routeKey, String api, String handler) {
    }

    static List<Shadow> find(Gateway gateway, Map<RequestMappingInfo, HandlerMethod> handlers) {
        List<Shadow> shadows = new ArrayList<>();
        handlers.forEach((info, handler) -> {
            Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
            List<String> methods = declared.isEmpty() ? List.of("GET")
                    : declared.stream().map(RequestMethod::name).sorted().toList();
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                String path = VARIABLE.matcher(pattern.getPatternString()).replaceAll("x");
                for (String method : methods) {
                    Resolution resolution = gateway.resolve(method, path, false);
                    if (resolution != null && resolution.explicit() && resolution.match() != null) {
                        shadows.add(new Shadow(method, pattern.getPatternString(),
                                resolution.match().key().toString(), resolution.mount().api().name(),
                                handler.getShortLogMessage()));
                    }
                }
            }
        });
        return shadows;
    }
}
