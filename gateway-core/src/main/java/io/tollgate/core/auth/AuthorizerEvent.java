package io.tollgate.core.auth;

import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a custom authorizer is asked, as AWS's authorizer event: {@link #asMap()} is the event exactly as AWS sends it
 * (TOKEN: {@code type, authorizationToken, methodArn}; REQUEST payload 1.0: the proxy event's request fields with
 * {@code type} and {@code methodArn}; payload 2.0: {@code version, type, routeArn, identitySource, routeKey, rawPath,
 * ...}), the accessors its most used parts.
 */
public final class AuthorizerEvent {

    private final Map<String, Object> event;
    private final @Nullable String token;
    private final @Nullable String arn;
    private final List<String> identitySource;
    private final Map<String, String> headers;

    AuthorizerEvent(Map<String, Object> event, @Nullable String token, @Nullable String arn,
                    List<String> identitySource, Map<String, String> headers) {
        this.event = event;
        this.token = token;
        this.arn = arn;
        this.identitySource = List.copyOf(identitySource);
        this.headers = headers;
    }

    /**
     * An event from AWS's JSON form, to test an authorizer with: {@code type}, {@code authorizationToken},
     * {@code methodArn} or {@code routeArn}, {@code identitySource} (a list, or a comma-separated string) and
     * {@code headers} are read from it.
     */
    public static AuthorizerEvent of(Map<String, Object> event) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.get("headers") instanceof Map<?, ?> given) {
            given.forEach((name, value) -> headers.put(String.valueOf(name).toLowerCase(Locale.ROOT),
                    String.valueOf(value)));
        }
        Object sources = event.get("identitySource");
        List<String> identity = sources instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : sources instanceof String text ? List.of(text.split(",")) : List.of();
        Object arn = event.containsKey("routeArn") ? event.get("routeArn") : event.get("methodArn");
        return new AuthorizerEvent(Map.copyOf(event), (String) event.get("authorizationToken"),
                arn == null ? null : String.valueOf(arn), identity, headers);
    }

    /** {@code TOKEN} or {@code REQUEST} (null only in an event {@link #of} made without one). */
    public @Nullable String type() {
        return (String) event.get("type");
    }

    /** TOKEN: the token (the identity header's value); REQUEST: null. */
    public @Nullable String authorizationToken() {
        return token;
    }

    /**
     * The ARN of the request ({@code methodArn}, or {@code routeArn} in payload 2.0); null only in an event
     * {@link #of} made without one.
     */
    public @Nullable String methodArn() {
        return arn;
    }

    /** The identity sources' values, in their declared order. */
    public List<String> identitySource() {
        return identitySource;
    }

    /** A request header (case-insensitive; repeated ones joined with commas), or null. */
    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The event as AWS sends it, for handlers written against AWS's event classes. */
    public Map<String, Object> asMap() {
        return event;
    }

    @Override
    public String toString() {
        return "AuthorizerEvent[" + type() + " " + arn + "]";
    }
}
