package io.tollgate.core.function;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.response.Json;
import net.minidev.json.JSONValue;
import net.minidev.json.parser.JSONParser;
import net.minidev.json.parser.ParseException;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a function's proxy response as API Gateway does, or rejects it ({@link MalformedResultException}, a 502).
 * Payload 1.0: an object with only {@code statusCode} (a number or numeric string; default 200), {@code headers},
 * {@code multiValueHeaders} (lists), {@code body} (a string) and {@code isBase64Encoded}; anything else is malformed.
 * Payload 2.0: the same plus {@code cookies}; a result without {@code statusCode} is the body itself (200,
 * {@code application/json}).
 */
public final class ProxyResults {

    private static final Set<String> V1_KEYS = Set.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded");
    private static final Set<String> V2_KEYS = Set.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies");

    private ProxyResults() {
    }

    /** A function's result that API Gateway would reject. */
    public static final class MalformedResultException extends RuntimeException {
        public MalformedResultException(String message) {
            super(message, null, false, false);
        }
    }

    /** A payload 1.0 result; a base64 body is decoded only when {@code binary} accepts its content type. */
    public static Reply v1(@Nullable Object result, Predicate<String> binary) {
        Object value = parseIfJsonText(result, true);
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new MalformedResultException("a payload 1.0 response must be a non-empty JSON object");
        }
        return explicit(map, V1_KEYS, binary);
    }

    public static Reply v1(@Nullable Object result) {
        return v1(result, type -> false);
    }

    /** A payload 2.0 result; a base64 body ({@code isBase64Encoded}) is always decoded, as HTTP APIs do. */
    public static Reply v2(@Nullable Object result) {
        Object value = parseIfJsonText(result, false);
        if (value instanceof Map<?, ?> map && map.containsKey("statusCode")) {
            return explicit(map, V2_KEYS, type -> true);
        }
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        String body;
        try {
            body = value instanceof String text ? text : JSONValue.toJSONString(value);
        } catch (RuntimeException e) {
            // a function's map with a null key, say: no JSON can be written of it
            throw new MalformedResultException("the function's result cannot be written as JSON");
        }
        return Reply.of(200, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static @Nullable Object parseIfJsonText(@Nullable Object result, boolean strict) {
        if (!(result instanceof String text)) {
            if (result == null || result instanceof Map || result instanceof List || result instanceof Number
                    || result instanceof Boolean) {
                return result;
            }
            throw new MalformedResultException("a function result must be JSON (a map, a list, a string, a number)");
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("\"")) {
            if (Json.jsonSmartLeniency(trimmed) >= 0) {
                if (strict) {
                    throw new MalformedResultException("the function's result is not valid JSON");
                }
                return text;
            }
            try {
                return new JSONParser(JSONParser.MODE_RFC4627).parse(trimmed);
            } catch (ParseException | RuntimeException e) {
                // json-smart also fails with unchecked exceptions: a NUL inside a number is a NumberFormatException
                if (strict) {
                    throw new MalformedResultException("the function's result is not valid JSON");
                }
            }
        }
        return text;
    }

    private static Reply explicit(Map<?, ?> map, Set<String> allowed, Predicate<String> binary) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw new MalformedResultException("unknown field '" + key + "' in the function's response");
            }
        }
        int status = status(map.get("statusCode"));
        HttpHeaders headers;
        try {
            headers = headers(map);
        } catch (IllegalArgumentException e) {
            // Netty's headers refuse what HTTP cannot carry (a name that is not a token, CR/LF or NUL in a value)
            throw new MalformedResultException("the function's response has an invalid header: " + e.getMessage());
        }
        Object body = map.get("body");
        if (body != null && !(body instanceof String)) {
            throw new MalformedResultException("body must be a string");
        }
        Object base64 = map.get("isBase64Encoded");
        if (base64 != null && !(base64 instanceof Boolean)) {
            throw new MalformedResultException("isBase64Encoded must be a boolean");
        }
        byte[] bytes = body == null ? new byte[0] : ((String) body).getBytes(StandardCharsets.UTF_8);
        if (Boolean.TRUE.equals(base64) && body != null && binary.test(headers.get(HttpHeaderNames.CONTENT_TYPE))) {
            try {
                bytes = Base64.getDecoder().decode(((String) body).trim());
            } catch (IllegalArgumentException e) {
                throw new MalformedResultException("isBase64Encoded is true but the body is not base64");
            }
        }
        return Reply.of(status, headers, bytes);
    }

    /** The headers of {@code multiValueHeaders}, {@code headers} and {@code cookies}, in that order. */
    private static HttpHeaders headers(Map<?, ?> map) {
        HttpHeaders headers = new DefaultHttpHeaders();
        Object multi = map.get("multiValueHeaders");
        if (multi != null) {
            if (!(multi instanceof Map<?, ?> multiMap)) {
                throw new MalformedResultException("multiValueHeaders must be an object");
            }
            for (Map.Entry<?, ?> e : multiMap.entrySet()) {
                if (!(e.getValue() instanceof List<?> values)) {
                    throw new MalformedResultException("multiValueHeaders values must be lists");
                }
                for (Object v : values) {
                    headers.add(String.valueOf(e.getKey()), scalar(v));
                }
            }
        }
        Object single = map.get("headers");
        if (single != null) {
            if (!(single instanceof Map<?, ?> singleMap)) {
                throw new MalformedResultException("headers must be an object");
            }
            for (Map.Entry<?, ?> e : singleMap.entrySet()) {
                String name = String.valueOf(e.getKey());
                String value = scalar(e.getValue());
                List<String> existing = headers.getAll(name);
                if (existing.isEmpty()) {
                    headers.set(name, value);
                } else {
                    headers.set(name, String.join(", ", existing) + ", " + value);
                }
            }
        }
        Object cookies = map.get("cookies");
        if (cookies instanceof List<?> list) {
            for (Object cookie : list) {
                headers.add(HttpHeaderNames.SET_COOKIE, String.valueOf(cookie));
            }
        } else if (cookies != null) {
            throw new MalformedResultException("cookies must be a list");
        }
        return headers;
    }

    private static int status(@Nullable Object value) {
        if (value == null) {
            return 200;
        }
        int status;
        if (value instanceof Number n) {
            // compared as a double before narrowing: a long or BigInteger beyond int range must not wrap round
            // into a valid status (2^32 + 200 is not 200)
            double number = n.doubleValue();
            if (number != Math.rint(number) || number < 100 || number > 599) {
                throw new MalformedResultException("statusCode must be an HTTP status code");
            }
            status = (int) number;
        } else if (value instanceof String s && s.trim().matches("\\d{3}")) {
            status = Integer.parseInt(s.trim());
        } else {
            throw new MalformedResultException("statusCode must be an HTTP status code");
        }
        if (status < 100 || status > 599) {
            throw new MalformedResultException("statusCode must be an HTTP status code");
        }
        return status;
    }

    private static String scalar(@Nullable Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new MalformedResultException("header values must be strings, numbers or booleans");
    }
}
