package io.tollgate.core.api;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route key as Amazon API Gateway writes it: {@code GET /pets/{id}}, {@code ANY /store/{proxy+}} or
 * {@code $default}; in a WebSocket API {@code $connect}, {@code $disconnect}, {@code $default} or a message's route key
 * ({@code sendmessage}, {@link #parseWebSocket}). Immutable; {@link #parse} validates.
 */
public final class RouteKey {

    /** The catch-all route key. */
    public static final String DEFAULT = "$default";
    /** The method that matches every method. */
    public static final String ANY = "ANY";
    /** A WebSocket API's route of new connections: it decides whether the upgrade completes. */
    public static final String CONNECT = "$connect";
    /** A WebSocket API's route of connections that have ended. */
    public static final String DISCONNECT = "$disconnect";
    /** The longest route key of a WebSocket API's message route (AWS: 128 characters). */
    private static final int MAX_WEBSOCKET_KEY = 128;

    private static final Set<String> METHODS =
            Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", ANY);
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final @Nullable String method;
    private final @Nullable String path;
    private final List<PathSegment> segments;
    /** A WebSocket route key other than {@code $default}; null for every other key. */
    private final @Nullable String name;

    private RouteKey(@Nullable String method, @Nullable String path, List<PathSegment> segments, @Nullable String name) {
        this.method = method;
        this.path = path;
        this.segments = segments;
        this.name = name;
    }

    /** The {@code $default} route key. */
    public static RouteKey defaultRoute() {
        return new RouteKey(null, null, List.of(), null);
    }

    /**
     * Parses a WebSocket API's route key ({@code $connect}, {@code $disconnect}, {@code $default}, or a key of one's own,
     * which must not start with {@code $}: it is matched exactly against the route selection expression's value),
     * recording problems at {@code path}; returns {@code null} when it is invalid.
     */
    public static @Nullable RouteKey parseWebSocket(@Nullable String text, String path, Problems problems) {
        if (text == null || text.isEmpty()) {
            problems.add(path, "must not be empty (write '$connect', '$disconnect', '$default' or the value the route"
                    + " selection expression gives, such as 'sendmessage')");
            return null;
        }
        if (text.equals(DEFAULT)) {
            return defaultRoute();
        }
        if (text.equals(CONNECT) || text.equals(DISCONNECT)) {
            return new RouteKey(null, null, List.of(), text);
        }
        if (text.startsWith("$")) {
            problems.add(path, "'" + text + "' is not a WebSocket route key: only $connect, $disconnect and $default may"
                    + " start with '$'");
            return null;
        }
        if (text.length() > MAX_WEBSOCKET_KEY) {
            problems.add(path, "must be at most " + MAX_WEBSOCKET_KEY + " characters");
            return null;
        }
        return new RouteKey(null, null, List.of(), text);
    }

    /** A WebSocket API's route key, {@code text} taken as it is (a route selection expression's value). */
    public static RouteKey webSocket(String text) {
        return text.equals(DEFAULT) ? defaultRoute() : new RouteKey(null, null, List.of(), text);
    }

    /** Parses a route key, throwing {@link InvalidDefinitionException} when it is malformed. */
    public static RouteKey parse(String text) {
        Problems problems = new Problems();
        RouteKey key = parse(text, "route-key", problems);
        if (key == null) {
            // parse recorded why (and records nothing when it parses)
            throw new InvalidDefinitionException("route key '" + text + "'", problems.asList());
        }
        return key;
    }

    /**
     * The canonical text of a route key as a user wrote it ({@code get  /pets/{id}} → {@code GET /pets/{id}}), or the
     * text itself when it is not a route key (the caller then reports it as unknown).
     */
    public static String canonical(String text) {
        RouteKey key = parse(text, "", new Problems());
        return key == null ? text : key.toString();
    }

    /** Parses a route key, recording problems at {@code path}; returns {@code null} when it is invalid. */
    public static @Nullable RouteKey parse(@Nullable String text, String path, Problems problems) {
        if (text == null || text.isBlank()) {
            problems.add(path, "must not be empty (write it as 'GET /pets/{id}' or '$default')");
            return null;
        }
        String trimmed = text.trim();
        if (trimmed.equals(DEFAULT)) {
            return defaultRoute();
        }
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            problems.add(path, "'" + text + "' must be 'METHOD /path' or '$default'");
            return null;
        }
        String method = trimmed.substring(0, space).toUpperCase(Locale.ROOT);
        String routePath = trimmed.substring(space + 1).trim();
        boolean ok = true;
        if (!METHODS.contains(method)) {
            problems.add(path, "'" + text + "' has an unknown method '" + trimmed.substring(0, space)
                    + "' (expected one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY)");
            ok = false;
        }
        List<PathSegment> segments = parsePath(text, routePath, path, problems);
        if (!ok || segments == null) {
            return null;
        }
        return new RouteKey(method, routePath, List.copyOf(segments), null);
    }

    private static @Nullable List<PathSegment> parsePath(String text, String routePath, String path,
                                                         Problems problems) {
        if (!routePath.startsWith("/")) {
            problems.add(path, "'" + text + "' must start with '/' after the method");
            return null;
        }
        if (routePath.contains(" ") || routePath.contains("?") || routePath.contains("#")) {
            problems.add(path, "'" + text + "' must be a path without spaces, query string or fragment");
            return null;
        }
        List<PathSegment> segments = new ArrayList<>();
        if (routePath.equals("/")) {
            return segments;
        }
        if (routePath.endsWith("/")) {
            problems.add(path, "'" + text + "' must not end with '/'");
            return null;
        }
        String[] parts = routePath.substring(1).split("/", -1);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                problems.add(path, "'" + text + "' has an empty path segment ('//')");
                return null;
            }
            if (part.equals(".") || part.equals("..")) {
                problems.add(path, "'" + text + "' must not contain '.' or '..' segments");
                return null;
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                boolean greedy = part.endsWith("+}");
                String name = part.substring(1, part.length() - (greedy ? 2 : 1));
                if (!VARIABLE_NAME.matcher(name).matches()) {
                    problems.add(path, "'" + text + "' has an invalid path variable '" + part
                            + "' (names use letters, digits, '.', '_' and '-')");
                    return null;
                }
                if (!names.add(name)) {
                    problems.add(path, "'" + text + "' uses the path variable '" + name + "' twice");
                    return null;
                }
                if (greedy && i != parts.length - 1) {
                    problems.add(path, "'" + text + "' has the greedy variable '" + part
                            + "' before the last segment; it may only be last");
                    return null;
                }
                segments.add(greedy ? new PathSegment.Greedy(name) : new PathSegment.Variable(name));
            } else if (part.contains("{") || part.contains("}")) {
                problems.add(path, "'" + text + "' has '" + part
                        + "': a path variable must be a whole segment, like '{id}'");
                return null;
            } else {
                segments.add(new PathSegment.Literal(part));
            }
        }
        return segments;
    }

    public boolean isDefault() {
        return method == null && name == null;
    }

    /** The method ({@code GET}, ... or {@code ANY}); {@code null} for {@code $default} and WebSocket route keys. */
    public @Nullable String method() {
        return method;
    }

    /** The resource path ({@code /pets/{id}}); {@code null} for {@code $default} and WebSocket route keys. */
    public @Nullable String path() {
        return path;
    }

    public List<PathSegment> segments() {
        return segments;
    }

    /**
     * The names of the path parameters a match binds: {@code id} of {@code GET /pets/{id}}, {@code proxy} of
     * {@code /{proxy+}} and of {@code $default}.
     */
    public Set<String> pathVariableNames() {
        Set<String> names = new LinkedHashSet<>();
        if (isDefault()) {
            names.add("proxy");
        }
        for (PathSegment segment : segments) {
            if (segment instanceof PathSegment.Variable v) {
                names.add(v.name());
            } else if (segment instanceof PathSegment.Greedy g) {
                names.add(g.name());
            }
        }
        return names;
    }

    /** The path with variable names erased, so {@code /pets/{id}} and {@code /pets/{petId}} compare equal. */
    public String shape() {
        if (isDefault()) {
            return DEFAULT;
        }
        if (name != null) {
            return name;
        }
        StringBuilder sb = new StringBuilder();
        for (PathSegment segment : segments) {
            sb.append('/');
            if (segment instanceof PathSegment.Literal literal) {
                sb.append(literal.value());
            } else if (segment instanceof PathSegment.Variable) {
                sb.append("{}");
            } else {
                sb.append("{+}");
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteKey other && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return name != null ? name : isDefault() ? DEFAULT : method + " " + path;
    }
}
