package io.tollgate.core.routing;

import io.tollgate.core.api.PathSegment;
import io.tollgate.core.api.RouteKey;
import org.jspecify.annotations.Nullable;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of one API compiled into a segment trie. Matching walks the request's segments once, preferring, at
 * each segment, a literal over a {@code {variable}} over a greedy {@code {proxy+}}, and at the node it ends in, the
 * request's method over {@code ANY}; it backtracks only when a more specific branch has no route for the method.
 * The cost grows with the path's depth, not with the number of routes. The {@code $default} route, if any, is
 * returned when nothing else matches.
 *
 * <table>
 *   <caption>Precedence, most specific first</caption>
 *   <tr><th>request</th><th>routes</th><th>wins</th></tr>
 *   <tr><td>GET /pets/dog</td><td>GET /pets/dog, GET /pets/{id}, GET /pets/{proxy+}</td><td>GET /pets/dog</td></tr>
 *   <tr><td>GET /pets/cat</td><td>GET /pets/{id}, ANY /pets/cat</td><td>ANY /pets/cat (path first, then method)</td></tr>
 *   <tr><td>POST /pets/1</td><td>GET /pets/{id}, ANY /{proxy+}</td><td>ANY /{proxy+}</td></tr>
 *   <tr><td>GET /other</td><td>GET /pets, $default</td><td>$default</td></tr>
 * </table>
 *
 * @param <T> what a route maps to
 */
public final class RouteTable<T> {

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
    private static final int ANY_INDEX = METHODS.length;
    /** The {@code $default} route exposes the whole resource path as this greedy path parameter. */
    public static final String DEFAULT_GREEDY_NAME = "proxy";

    private final Node<T> root = new Node<>();
    private final @Nullable Entry<T> defaultEntry;

    private RouteTable(@Nullable Entry<T> defaultEntry) {
        this.defaultEntry = defaultEntry;
    }

    /** One route of the table: a key and its value. */
    public record Definition<T>(RouteKey key, T value) {
    }

    /** Compiles route definitions; keys must be unique by method and path shape (the model checks this). */
    public static <T> RouteTable<T> compile(List<Definition<T>> definitions) {
        Entry<T> defaultEntry = null;
        for (Definition<T> d : definitions) {
            if (d.key().isDefault()) {
                defaultEntry = new Entry<>(d.key(), d.value(), new int[0], new String[0], 0, DEFAULT_GREEDY_NAME);
            }
        }
        RouteTable<T> table = new RouteTable<>(defaultEntry);
        for (Definition<T> d : definitions) {
            if (!d.key().isDefault()) {
                table.add(d.key(), d.value());
            }
        }
        return table;
    }

    private void add(RouteKey key, T value) {
        Node<T> node = root;
        List<PathSegment> segments = key.segments();
        int variableCount = 0;
        for (PathSegment s : segments) {
            if (s instanceof PathSegment.Variable) {
                variableCount++;
            }
        }
        int[] positions = new int[variableCount];
        String[] names = new String[variableCount];
        int v = 0;
        for (int i = 0; i < segments.size(); i++) {
            PathSegment segment = segments.get(i);
            if (segment instanceof PathSegment.Literal literal) {
                node = node.literals.computeIfAbsent(literal.value(), k -> new Node<>());
            } else if (segment instanceof PathSegment.Variable variable) {
                if (node.variable == null) {
                    node.variable = new Node<>();
                }
                node = node.variable;
                positions[v] = i;
                names[v++] = variable.name();
            } else {
                PathSegment.Greedy greedy = (PathSegment.Greedy) segment;
                Entry<T> entry = new Entry<>(key, value, positions, names, i, greedy.name());
                node.greedy = put(node.greedy, key.method(), entry);
                return;
            }
        }
        node.routes = put(node.routes, key.method(), new Entry<>(key, value, positions, names, -1, null));
    }

    private static <T> Object[] put(Object @Nullable [] byMethod, @Nullable String method, Entry<T> entry) {
        Object[] result = byMethod == null ? new Object[METHODS.length + 1] : byMethod;
        result[methodIndex(method)] = entry;
        return result;
    }

    /** The method's slot; ANY's for a method that has none of its own ({@code ANY}, an unknown one, or null). */
    private static int methodIndex(@Nullable String method) {
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return ANY_INDEX;
    }

    /**
     * Finds the route for {@code method} and the path's segments from {@code from} on.
     *
     * @return the match, or {@code null} when no route (not even {@code $default}) matches
     */
    public @Nullable Match<T> match(String method, RequestPath path, int from) {
        int methodIndex = methodIndex(method);
        Entry<T> entry = find(root, path, from, methodIndex);
        if (entry != null) {
            return new Match<>(entry, path, from);
        }
        return defaultEntry == null ? null : new Match<>(defaultEntry, path, from);
    }

    /** Like {@link #match} but never answers the {@code $default} route. */
    public @Nullable Match<T> matchExplicit(String method, RequestPath path, int from) {
        Entry<T> entry = find(root, path, from, methodIndex(method));
        return entry == null ? null : new Match<>(entry, path, from);
    }

    /** The {@code $default} route's match for this path, or {@code null} when the table has none. */
    public @Nullable Match<T> matchDefault(RequestPath path, int from) {
        return defaultEntry == null ? null : new Match<>(defaultEntry, path, from);
    }

    public boolean hasDefault() {
        return defaultEntry != null;
    }

    private @Nullable Entry<T> find(Node<T> node, RequestPath path, int index, int methodIndex) {
        if (index == path.size()) {
            return select(node.routes, methodIndex);
        }
        Node<T> literal = node.literals.isEmpty() ? null : node.literals.get(path.decodedSegment(index));
        if (literal != null) {
            Entry<T> found = find(literal, path, index + 1, methodIndex);
            if (found != null) {
                return found;
            }
        }
        if (node.variable != null) {
            Entry<T> found = find(node.variable, path, index + 1, methodIndex);
            if (found != null) {
                return found;
            }
        }
        return select(node.greedy, methodIndex);
    }

    @SuppressWarnings("unchecked")
    private static <T> @Nullable Entry<T> select(Object @Nullable [] byMethod, int methodIndex) {
        if (byMethod == null) {
            return null;
        }
        Object specific = methodIndex == ANY_INDEX ? null : byMethod[methodIndex];
        return (Entry<T>) (specific != null ? specific : byMethod[ANY_INDEX]);
    }

    private static final class Node<T> {
        final Map<String, Node<T>> literals = new HashMap<>(4);
        @Nullable Node<T> variable;
        Object @Nullable [] routes;
        Object @Nullable [] greedy;
    }

    /** A compiled route: where its variables sit in the path. */
    static final class Entry<T> {
        final RouteKey key;
        final T value;
        final int[] variablePositions;
        final String[] variableNames;
        final int greedyPosition;
        /** The greedy variable's name; null when the route has none. */
        final @Nullable String greedyName;

        Entry(RouteKey key, T value, int[] variablePositions, String[] variableNames, int greedyPosition,
              @Nullable String greedyName) {
            this.key = key;
            this.value = value;
            this.variablePositions = variablePositions;
            this.variableNames = variableNames;
            this.greedyPosition = greedyPosition;
            this.greedyName = greedyName;
        }
    }

    /** The route a request matched and its path parameters (raw, still percent-encoded, as AWS passes them). */
    public static final class Match<T> {
        private final Entry<T> entry;
        private final RequestPath path;
        private final int offset;

        Match(Entry<T> entry, RequestPath path, int offset) {
            this.entry = entry;
            this.path = path;
            this.offset = offset;
        }

        /**
         * A match made without a table: route {@code key} (a WebSocket API's, chosen by a message's content, not by
         * the path), on {@code path} whose first {@code offset} segments are the base path and stage. It binds no
         * path parameter.
         */
        public static <T> Match<T> of(RouteKey key, T value, RequestPath path, int offset) {
            return new Match<>(new Entry<>(key, value, new int[0], new String[0], -1, null), path, offset);
        }

        public RouteKey key() {
            return entry.key;
        }

        public T value() {
            return entry.value;
        }

        public RequestPath path() {
            return path;
        }

        /** Index of the first segment after the API's base path and stage. */
        public int offset() {
            return offset;
        }

        /** The raw value of path parameter {@code name}, or {@code null}. */
        public @Nullable String pathParameter(String name) {
            for (int i = 0; i < entry.variableNames.length; i++) {
                if (entry.variableNames[i].equals(name)) {
                    return path.rawSegment(offset + entry.variablePositions[i]);
                }
            }
            if (name.equals(entry.greedyName)) {
                return path.rawTail(offset + entry.greedyPosition);
            }
            return null;
        }

        /** All path parameters, in path order. */
        public Map<String, String> pathParameters() {
            Map<String, String> result = new LinkedHashMap<>();
            for (int i = 0; i < entry.variableNames.length; i++) {
                result.put(entry.variableNames[i], path.rawSegment(offset + entry.variablePositions[i]));
            }
            if (entry.greedyName != null) {
                result.put(entry.greedyName, path.rawTail(offset + entry.greedyPosition));
            }
            return result;
        }
    }
}
