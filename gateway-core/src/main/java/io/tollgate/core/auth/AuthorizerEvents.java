package io.tollgate.core.auth;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.auth.CustomAuthorizer;
import io.tollgate.core.event.ProxyEvents;
import io.tollgate.core.event.WebSocketEvents;
import io.tollgate.core.pipeline.GatewayExchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds AWS's authorizer events for custom authorizers. */
final class AuthorizerEvents {

    private static final byte[] NO_BODY = new byte[0];

    private AuthorizerEvents() {
    }

    static AuthorizerEvent of(CustomAuthorizer authorizer, GatewayExchange exchange, List<String> identity) {
        String arn = ExecuteApiArn.of(exchange);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : exchange.request().headers()) {
            headers.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + "," + b);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        String token = null;
        if (authorizer.type() == CustomAuthorizer.Type.TOKEN) {
            token = identity.get(0);
            event.put("type", "TOKEN");
            event.put("authorizationToken", token);
            event.put("methodArn", arn);
        } else if (exchange.webSocket() != null) {
            // a WebSocket API's REQUEST authorizer, on $connect: the connection's CONNECT event and the stage variables
            event.put("type", "REQUEST");
            event.put("methodArn", arn);
            copy(WebSocketEvents.of(exchange, NO_BODY), event);
            event.put("stageVariables", exchange.stage().variables().isEmpty() ? null
                    : new LinkedHashMap<>(exchange.stage().variables()));
        } else if (authorizer.payloadFormatVersion().equals("2.0")) {
            event.put("version", "2.0");
            event.put("type", "REQUEST");
            event.put("routeArn", arn);
            event.put("identitySource", identity);
            copy(ProxyEvents.v2(exchange, NO_BODY), event);
        } else {
            if (exchange.api().type() == ApiType.HTTP) {
                event.put("version", "1.0");
            }
            event.put("type", "REQUEST");
            event.put("methodArn", arn);
            if (exchange.api().type() == ApiType.HTTP) {
                event.put("identitySource", String.join(",", identity));
                event.put("authorizationToken", String.join(",", identity));
            }
            copy(ProxyEvents.v1(exchange, NO_BODY), event);
        }
        return new AuthorizerEvent(event, token, arn, identity, headers);
    }

    /** The proxy event's request fields: everything but the body. */
    private static void copy(Map<String, Object> proxyEvent, Map<String, Object> event) {
        proxyEvent.forEach((key, value) -> {
            if (!key.equals("body") && !key.equals("isBase64Encoded") && !event.containsKey(key)) {
                event.put(key, value);
            }
        });
    }
}
