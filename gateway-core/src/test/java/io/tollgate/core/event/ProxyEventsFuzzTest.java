package io.tollgate.core.event;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.integration.IntegrationSpec;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.routing.InvalidPathException;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.core.routing.RouteTable;
import io.tollgate.testsupport.StubRequest;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.tollgate.testsupport.Fuzz.check;

/**
 * Fuzzes the building of Lambda proxy events (payload 1.0 of a REST and of an HTTP API, payload 2.0) from requests
 * written like HTTP messages: {@code METHOD /path?query}, header lines, an empty line, the body. Every event holds only
 * JSON values and writes as JSON that parses again; it carries the request faithfully: method, raw path, query
 * (1.0: the last value and all values; 2.0: joined), every header (2.0: lower case, cookies apart), path parameters
 * as the raw segments, and the body as text or, for binary media types, base64 of exactly its bytes.
 */
class ProxyEventsFuzzTest {

    private static final Api REST = api(ApiType.REST);
    private static final Api HTTP = api(ApiType.HTTP);
    private static final RouteTable<String> ROUTES = RouteTable.compile(List.of(
            new RouteTable.Definition<>(RouteKey.parse("GET /pets/{id}"), "pet"),
            new RouteTable.Definition<>(RouteKey.parse("POST /pets"), "pets"),
            new RouteTable.Definition<>(RouteKey.parse("ANY /store/{item}/{proxy+}"), "store"),
            new RouteTable.Definition<>(RouteKey.defaultRoute(), "default")));

    private static Api api(ApiType type) {
        return Api.builder("fuzz").type(type).stage("$default", Map.of("backend", "http://localhost:9000", "v", "1"))
                .binaryMediaTypes(List.of("application/octet-stream", "image/*"))
                .route("ANY /{proxy+}", IntegrationSpec.mock(200))
                .build();
    }

    @FuzzTest
    void events(byte[] input) {
        int split = indexOf(input, new byte[] {'\n', '\n'});
        byte[] body = split < 0 ? new byte[0] : Arrays.copyOfRange(input, split + 2, input.length);
        String[] head = new String(input, 0, split < 0 ? input.length : split, StandardCharsets.UTF_8).split("\n");
        if (head.length == 0) {
            return;
        }
        String[] requestLine = head[0].split(" ", 2);
        if (requestLine.length < 2 || requestLine[0].isEmpty()) {
            return;
        }
        String method = requestLine[0];
        int q = requestLine[1].indexOf('?');
        String rawPath = q < 0 ? requestLine[1] : requestLine[1].substring(0, q);
        String rawQuery = q < 0 ? null : requestLine[1].substring(q + 1);
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            try {
                headers.add(head[i].substring(0, colon), head[i].substring(colon + 1).strip());
            } catch (IllegalArgumentException notHttp) {
                return; // Netty would not have decoded such a request
            }
        }
        RequestPath path;
        try {
            path = RequestPath.parse(rawPath);
        } catch (InvalidPathException refused) {
            return; // answered 400, never turned into an event
        }
        StubRequest request = new StubRequest(method, rawPath, rawQuery, headers);
        RouteTable.Match<String> match = ROUTES.match(method, path, 0);

        GatewayExchange rest = new GatewayExchange(request, path, REST, REST.stages().get(0), match, 1_700_000_000_000L, 0);
        checkV1(ProxyEvents.v1(rest, body), rest, body, false);
        GatewayExchange http = new GatewayExchange(request, path, HTTP, HTTP.stages().get(0), match, 1_700_000_000_000L, 0);
        checkV1(ProxyEvents.v1(http, body), http, body, true);
        checkV2(ProxyEvents.v2(http, body), http, body);
    }

    @SuppressWarnings("unchecked")
    private static void checkV1(Map<String, Object> event, GatewayExchange exchange, byte[] body, boolean http) {
        checkJson(event);
        check(http == "1.0".equals(event.get("version")), "version of payload 1.0");
        check(exchange.request().method().equals(event.get("httpMethod")), "httpMethod");
        check(exchange.rawResourcePath().equals(event.get("path")), "path");
        HttpHeaders headers = exchange.request().headers();
        Map<String, String> single = (Map<String, String>) event.get("headers");
        Map<String, List<String>> multi = (Map<String, List<String>>) event.get("multiValueHeaders");
        check((single == null) == headers.isEmpty() && (multi == null) == headers.isEmpty(), "absent headers are null");
        if (multi != null) {
            check(multi.values().stream().mapToInt(List::size).sum() == headers.size(), "every header value once");
            check(single.keySet().equals(multi.keySet()), "the same header names in both maps");
            multi.forEach((name, values) -> {
                check(single.get(name).equals(values.get(values.size() - 1)), "headers[%s] is its last value", name);
                check(headers.getAll(name).equals(values), "multiValueHeaders[%s]", name);
            });
        }
        Map<String, List<String>> query = exchange.query().asMap();
        Map<String, String> last = (Map<String, String>) event.get("queryStringParameters");
        Map<String, List<String>> all = (Map<String, List<String>>) event.get("multiValueQueryStringParameters");
        check(query.isEmpty() ? last == null && all == null : query.equals(all) && last.keySet().equals(query.keySet()),
                "query parameters");
        if (last != null) {
            last.forEach((name, value) -> check(value.equals(all.get(name).get(all.get(name).size() - 1)), "last %s", name));
        }
        checkPathParameters((Map<String, String>) event.get("pathParameters"), exchange, true);
        checkBody(event, exchange, body, true);
        Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
        check(exchange.requestId().equals(context.get("requestId")) && "$default".equals(context.get("stage")),
                "requestContext");
    }

    @SuppressWarnings("unchecked")
    private static void checkV2(Map<String, Object> event, GatewayExchange exchange, byte[] body) {
        checkJson(event);
        check("2.0".equals(event.get("version")), "version 2.0");
        check(exchange.path().raw().equals(event.get("rawPath")), "rawPath");
        String rawQuery = exchange.request().rawQuery();
        check((rawQuery == null ? "" : rawQuery).equals(event.get("rawQueryString")), "rawQueryString");
        Map<String, String> headers = (Map<String, String>) event.get("headers");
        List<String> cookies = (List<String>) event.get("cookies");
        int values = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            check(header.getKey().equals(header.getKey().toLowerCase(Locale.ROOT)) && !header.getKey().equals("cookie"),
                    "header name %s", header.getKey());
            check(header.getValue().equals(String.join(",", exchange.request().headers().getAll(header.getKey()))),
                    "headers[%s] joins its values", header.getKey());
            values += exchange.request().headers().getAll(header.getKey()).size();
        }
        int cookieHeaders = exchange.request().headers().getAll("cookie").size();
        check(values + cookieHeaders == exchange.request().headers().size(), "every header is in the event");
        check(cookies == null || !cookies.isEmpty(), "no empty cookies list");
        if (cookies != null) {
            for (String cookie : cookies) {
                check(!cookie.isBlank() && cookie.equals(cookie.trim()) && cookie.indexOf(';') < 0, "cookie %s", cookie);
            }
        }
        Map<String, String> query = (Map<String, String>) event.get("queryStringParameters");
        Map<String, List<String>> parsed = exchange.query().asMap();
        check(parsed.isEmpty() ? query == null : query.keySet().equals(parsed.keySet()), "queryStringParameters");
        if (query != null) {
            query.forEach((name, value) -> check(value.equals(String.join(",", parsed.get(name))), "query %s", name));
        }
        checkPathParameters((Map<String, String>) event.get("pathParameters"), exchange, false);
        checkBody(event, exchange, body, false);
        check(exchange.routeKey().equals(event.get("routeKey")), "routeKey");
    }

    private static void checkPathParameters(Map<String, String> parameters, GatewayExchange exchange, boolean v1) {
        RouteTable.Match<?> match = exchange.match();
        if (match == null || match.key().isDefault() || match.pathParameters().isEmpty()) {
            check(parameters == null, "no pathParameters without path variables");
            return;
        }
        check(parameters != null && parameters.equals(match.pathParameters()), "pathParameters");
        java.util.Set<String> rawSegments = new java.util.HashSet<>();
        for (int i = 0; i < exchange.path().size(); i++) {
            rawSegments.add(exchange.path().rawSegment(i));
        }
        for (String value : parameters.values()) {
            check(!value.isEmpty(), "an empty path parameter");
            for (String segment : value.split("/", -1)) {
                check(rawSegments.contains(segment), "path parameter %s is no raw segments of %s", value, exchange.path().raw());
            }
        }
    }

    private static void checkBody(Map<String, Object> event, GatewayExchange exchange, byte[] body, boolean v1) {
        Object text = event.get("body");
        boolean base64 = (Boolean) event.get("isBase64Encoded");
        if (body.length == 0) {
            check(text == null && !base64 && (v1 == event.containsKey("body")), "an empty body is null (1.0) or absent");
            return;
        }
        check(base64 == exchange.api().isBinary(exchange.request().headers().get("content-type")), "isBase64Encoded");
        if (base64) {
            check(Arrays.equals(Base64.getDecoder().decode((String) text), body), "base64 of the body's bytes");
        } else {
            check(new String(body, StandardCharsets.UTF_8).equals(text), "the body as UTF-8 text");
        }
    }

    /** Only JSON values inside, and the JSON it writes parses, and writes the same again. */
    private static void checkJson(Object value) {
        checkJsonTypes(value, 0);
        String json = JSONValue.toJSONString(value);
        try {
            Object parsed = new JSONParser(JSONParser.MODE_RFC4627).parse(json);
            check(sameJson(value, parsed), "the event's JSON reads back as another value: %s", json);
        } catch (ParseException e) {
            throw new AssertionError("the event writes as invalid JSON: " + json, e);
        }
    }

    private static boolean sameJson(Object a, Object b) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.keySet().equals(y.keySet()) && x.entrySet().stream().allMatch(e -> sameJson(e.getValue(), y.get(e.getKey())));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameJson(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue();
        }
        return java.util.Objects.equals(a, b);
    }

    private static void checkJsonTypes(Object value, int depth) {
        check(depth < 10, "the event is nested too deeply");
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                check(k instanceof String, "a key that is no string: %s", k);
                checkJsonTypes(v, depth + 1);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> checkJsonTypes(v, depth + 1));
        } else {
            check(value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                    || value instanceof Long, "%s is no JSON value", value == null ? null : value.getClass());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
