package io.tollgate.core.event;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.api.auth.AuthorizationType;
import io.tollgate.core.pipeline.Authorization;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.routing.RouteTable;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AWS's Lambda proxy events, built as JSON-like maps, field by field as API Gateway fills them. Payload 1.0 (REST
 * APIs; HTTP APIs add {@code "version": "1.0"}): absent collections are {@code null}, a repeated query parameter keeps
 * its last value in {@code queryStringParameters} and all of them in {@code multiValueQueryStringParameters}, query
 * values are decoded, {@code path} and {@code pathParameters} are not. Payload 2.0: header names lower case, repeated
 * headers and query parameters joined with commas, cookies in {@code cookies}, absent fields left out.
 */
public final class ProxyEvents {

    private ProxyEvents() {
    }

    /** The payload 1.0 event of a request; {@code body} is its body (empty: none). */
    public static Map<String, Object> v1(GatewayExchange exchange, byte[] body) {
        Map<String, Object> event = new LinkedHashMap<>();
        if (exchange.api().type() == ApiType.HTTP) {
            event.put("version", "1.0");
        }
        RouteTable.Match<?> match = exchange.match();
        String resourcePath = exchange.context(ContextVariable.RESOURCE_PATH);
        event.put("resource", resourcePath);
        event.put("path", exchange.rawResourcePath());
        event.put("httpMethod", exchange.request().method());
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        // header names are case-insensitive: a header repeated in another case is the same header, under the name
        // it was first sent with, or a function would see each spelling hold only a part of its values
        Map<String, String> spellings = new HashMap<>();
        for (Map.Entry<String, String> header : exchange.request().headers()) {
            String name = spellings.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> canonical(header.getKey()));
            headers.put(name, header.getValue());
            multiHeaders.computeIfAbsent(name, k -> new ArrayList<>()).add(header.getValue());
        }
        exchange.facts().traceHeaders().forEach((traceName, value) -> {
            String name = spellings.getOrDefault(traceName.toLowerCase(Locale.ROOT), traceName);
            headers.put(name, value);
            multiHeaders.put(name, new ArrayList<>(List.of(value)));
        });
        event.put("headers", headers.isEmpty() ? null : headers);
        event.put("multiValueHeaders", multiHeaders.isEmpty() ? null : multiHeaders);
        Map<String, List<String>> query = exchange.query().asMap();
        if (query.isEmpty()) {
            event.put("queryStringParameters", null);
            event.put("multiValueQueryStringParameters", null);
        } else {
            Map<String, String> last = new LinkedHashMap<>();
            query.forEach((name, values) -> last.put(name, values.get(values.size() - 1)));
            event.put("queryStringParameters", last);
            event.put("multiValueQueryStringParameters", new LinkedHashMap<>(query));
        }
        Map<String, String> pathParameters = match == null || match.key().isDefault() ? Map.of() : match.pathParameters();
        event.put("pathParameters", pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters));
        event.put("stageVariables", exchange.stage().variables().isEmpty() ? null : new LinkedHashMap<>(exchange.stage().variables()));
        event.put("requestContext", requestContextV1(exchange, resourcePath));
        boolean binary = body.length > 0 && binary(exchange);
        event.put("body", body.length == 0 ? null : binary ? Base64.getEncoder().encodeToString(body)
                : new String(body, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", binary);
        return event;
    }

    private static Map<String, Object> requestContextV1(GatewayExchange exchange, String resourcePath) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", null);
        context.put("apiId", exchange.context(ContextVariable.API_ID));
        context.put("domainName", exchange.context(ContextVariable.DOMAIN_NAME));
        context.put("domainPrefix", exchange.context(ContextVariable.DOMAIN_PREFIX));
        context.put("extendedRequestId", exchange.context(ContextVariable.EXTENDED_REQUEST_ID));
        context.put("httpMethod", exchange.request().method());
        Authorization authorization = exchange.authorization();
        if (authorization != null && authorization.type() != AuthorizationType.AWS_IAM) {
            context.put("authorizer", authorizerV1(authorization));
        }
        Authorization iam = authorization != null && authorization.type() == AuthorizationType.AWS_IAM
                ? authorization : null;
        Map<String, Object> identity = new LinkedHashMap<>();
        for (String field : List.of("accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId")) {
            identity.put(field, null);
        }
        if (iam != null) {
            identity.put("accessKey", iam.principalId());
            identity.put("accountId", accountOf(iam.userArn()));
            identity.put("caller", exchange.context(ContextVariable.IDENTITY_CALLER));
        }
        identity.put("sourceIp", exchange.context(ContextVariable.IDENTITY_SOURCE_IP));
        identity.put("user", iam != null ? exchange.context(ContextVariable.IDENTITY_USER) : null);
        identity.put("userAgent", exchange.context(ContextVariable.IDENTITY_USER_AGENT));
        identity.put("userArn", iam != null ? iam.userArn() : null);
        context.put("identity", identity);
        context.put("path", exchange.context(ContextVariable.PATH));
        context.put("protocol", exchange.context(ContextVariable.PROTOCOL));
        context.put("requestId", exchange.requestId());
        context.put("requestTime", exchange.context(ContextVariable.REQUEST_TIME));
        context.put("requestTimeEpoch", exchange.requestTimeEpoch());
        context.put("resourceId", null);
        context.put("resourcePath", resourcePath);
        context.put("stage", exchange.stage().name());
        context.put("deploymentId", exchange.stage().deploymentId().isEmpty() ? null : exchange.stage().deploymentId());
        return context;
    }

    /** The payload 2.0 event of a request; {@code body} is its body (empty: none). */
    public static Map<String, Object> v2(GatewayExchange exchange, byte[] body) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", exchange.routeKey());
        event.put("rawPath", exchange.path().raw());
        String rawQuery = exchange.request().rawQuery();
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        List<String> cookies = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : exchange.request().headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
                continue;
            }
            headers.merge(name, header.getValue(), (a, b) -> a + "," + b);
        }
        headers.putAll(exchange.facts().traceHeaders());
        if (!cookies.isEmpty()) {
            event.put("cookies", cookies);
        }
        event.put("headers", headers);
        Map<String, List<String>> query = exchange.query().asMap();
        if (!query.isEmpty()) {
            Map<String, String> joined = new LinkedHashMap<>();
            query.forEach((name, values) -> joined.put(name, String.join(",", values)));
            event.put("queryStringParameters", joined);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "anonymous");
        if (exchange.authorization() != null) {
            context.put("authorizer", authorizerV2(exchange.authorization(), exchange));
        }
        context.put("apiId", exchange.context(ContextVariable.API_ID));
        context.put("domainName", exchange.context(ContextVariable.DOMAIN_NAME));
        context.put("domainPrefix", exchange.context(ContextVariable.DOMAIN_PREFIX));
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", exchange.request().method());
        http.put("path", exchange.path().raw());
        http.put("protocol", exchange.context(ContextVariable.PROTOCOL));
        http.put("sourceIp", exchange.context(ContextVariable.IDENTITY_SOURCE_IP));
        http.put("userAgent", exchange.context(ContextVariable.IDENTITY_USER_AGENT));
        context.put("http", http);
        context.put("requestId", exchange.requestId());
        context.put("routeKey", exchange.routeKey());
        context.put("stage", exchange.stage().name());
        context.put("time", exchange.context(ContextVariable.REQUEST_TIME));
        context.put("timeEpoch", exchange.requestTimeEpoch());
        event.put("requestContext", context);
        boolean binary = body.length > 0 && binary(exchange);
        if (body.length > 0) {
            event.put("body", binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
        }
        RouteTable.Match<?> match = exchange.match();
        if (match != null && !match.key().isDefault() && !match.pathParameters().isEmpty()) {
            event.put("pathParameters", new LinkedHashMap<>(match.pathParameters()));
        }
        event.put("isBase64Encoded", binary);
        if (!exchange.stage().variables().isEmpty()) {
            event.put("stageVariables", new LinkedHashMap<>(exchange.stage().variables()));
        }
        return event;
    }

    /** Payload 1.0's {@code requestContext.authorizer}: a JWT's claims and scopes, or a custom authorizer's context. */
    static Map<String, Object> authorizerV1(Authorization authorization) {
        Map<String, Object> authorizer = new LinkedHashMap<>();
        if (authorization.type() == AuthorizationType.JWT) {
            authorizer.put("claims", new LinkedHashMap<>(authorization.claims()));
            authorizer.put("scopes", authorization.scopes().isEmpty() ? null : authorization.scopes());
            return authorizer;
        }
        authorization.context().forEach((key, value) -> authorizer.put(key, String.valueOf(value)));
        authorizer.put("principalId", authorization.principalId());
        authorizer.put("integrationLatency", authorization.latencyMillis());
        return authorizer;
    }

    /** Payload 2.0's {@code requestContext.authorizer}: {@code jwt}, {@code lambda} or {@code iam}. */
    private static Map<String, Object> authorizerV2(Authorization authorization, GatewayExchange exchange) {
        Map<String, Object> values = new LinkedHashMap<>();
        switch (authorization.type()) {
            case JWT -> {
                values.put("claims", new LinkedHashMap<>(authorization.claims()));
                values.put("scopes", authorization.scopes().isEmpty() ? null : authorization.scopes());
                return Map.of("jwt", values);
            }
            case AWS_IAM -> {
                values.put("accessKey", authorization.principalId());
                values.put("accountId", accountOf(authorization.userArn()));
                values.put("callerId", exchange.context(ContextVariable.IDENTITY_CALLER));
                values.put("cognitoIdentity", null);
                values.put("principalOrgId", null);
                values.put("userArn", authorization.userArn());
                values.put("userId", exchange.context(ContextVariable.IDENTITY_USER));
                return Map.of("iam", values);
            }
            default -> {
                values.putAll(authorization.context());
                return Map.of("lambda", values);
            }
        }
    }

    /** The account of an ARN ({@code arn:aws:iam::123456789012:user/alice}), or null. */
    private static @Nullable String accountOf(@Nullable String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length >= 5 && !parts[4].isEmpty() ? parts[4] : null;
    }

    private static boolean binary(GatewayExchange exchange) {
        return exchange.api().isBinary(exchange.request().headers().get("content-type"));
    }

    /** Header names as API Gateway passes them in payload 1.0: {@code authorization} becomes {@code Authorization}. */
    private static String canonical(String name) {
        return name.equalsIgnoreCase("authorization") ? "Authorization" : name;
    }
}
