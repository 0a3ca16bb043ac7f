package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.auth.Authorizer;
import io.tollgate.core.api.auth.CustomAuthorizer;
import io.tollgate.core.api.auth.JwtAuthorizer;
import io.tollgate.core.api.integration.FunctionIntegration;
import io.tollgate.core.api.integration.HttpIntegration;
import io.tollgate.core.api.integration.HttpProxyIntegration;
import io.tollgate.core.api.integration.Integration;
import io.tollgate.core.api.integration.MockIntegration;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Mount;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only view of the gateway {@code /actuator/tollgate} shows: APIs, their stages (where each is served and
 * the compiled pipeline of each route), routes, integrations and authorizers. Stage variable values and secrets are
 * left out (only names; a URI's password and query values are masked).
 */
final class GatewayView {

    private GatewayView() {
    }

    static List<Map<String, Object>> apis(Gateway gateway) {
        return gateway.apis().stream().map(api -> api(gateway, api)).toList();
    }

    private static Map<String, Object> api(Gateway gateway, Api api) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", api.name());
        values.put("id", api.id());
        values.put("type", api.type().name());
        values.put("basePath", api.basePath());
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Mount mount : gateway.mounts()) {
            if (mount.api() == api) {
                stages.add(stage(mount));
            }
        }
        stages.sort(Comparator.comparing(s -> (String) s.get("name")));
        values.put("stages", stages);
        values.put("routes", api.routes().stream().map(GatewayView::route).toList());
        values.put("authorizers", api.authorizers().values().stream().map(GatewayView::authorizer).toList());
        return values;
    }

    private static Map<String, Object> stage(Mount mount) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", mount.stage().name());
        values.put("path", mount.prefix().isEmpty() ? "/" : mount.prefix());
        values.put("variables", mount.stage().variables().keySet().stream().sorted().toList());
        if (mount.stage().throttle() != null) {
            values.put("throttle", mount.stage().throttle());
        }
        Map<String, List<String>> pipelines = new LinkedHashMap<>();
        for (int i = 0; i < mount.routeList().size(); i++) {
            pipelines.put(mount.routeList().get(i).key().toString(), mount.pipelines()[i].steps());
        }
        pipelines.put("$unmatched", mount.unmatched().steps());
        values.put("pipelines", pipelines);
        return values;
    }

    private static Map<String, Object> route(Route route) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("routeKey", route.key().toString());
        values.put("integration", integration(route.integration()));
        values.put("authorization", route.authorization().type().name());
        if (route.authorization().authorizer() != null) {
            values.put("authorizer", route.authorization().authorizer());
        }
        if (!route.authorization().scopes().isEmpty()) {
            values.put("scopes", route.authorization().scopes());
        }
        values.put("apiKeyRequired", route.apiKeyRequired());
        return values;
    }

    private static Map<String, Object> integration(Integration integration) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", integration.type().name());
        if (integration instanceof HttpProxyIntegration proxy) {
            values.put("uri", SecretMask.uri(proxy.uri().text()));
            values.put("timeout", String.valueOf(proxy.timeout()));
        } else if (integration instanceof HttpIntegration http) {
            values.put("uri", SecretMask.uri(http.uri().text()));
            values.put("timeout", String.valueOf(http.timeout()));
        } else if (integration instanceof FunctionIntegration function) {
            values.put("function", function.function());
            values.put("payloadFormatVersion", function.payloadFormatVersion());
            values.put("timeout", String.valueOf(function.timeout()));
        } else if (integration instanceof MockIntegration mock) {
            values.put("statusCode", mock.statusCode());
        }
        return values;
    }

    private static Map<String, Object> authorizer(Authorizer authorizer) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", authorizer.name());
        if (authorizer instanceof JwtAuthorizer jwt) {
            values.put("type", "JWT");
            values.put("issuer", String.valueOf(jwt.issuer()));
            values.put("audiences", jwt.audiences());
        } else if (authorizer instanceof CustomAuthorizer custom) {
            values.put("type", custom.type().name());
            values.put("implementation", custom.implementation());
            values.put("resultTtl", String.valueOf(custom.resultTtl()));
        }
        return values;
    }
}
