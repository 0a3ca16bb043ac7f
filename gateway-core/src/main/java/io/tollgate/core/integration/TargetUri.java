package io.tollgate.core.integration;

import io.tollgate.core.api.PathSegment;
import io.tollgate.core.api.RouteKey;
import io.tollgate.core.api.integration.UriTemplate;
import io.tollgate.core.routing.RequestPath;
import io.tollgate.core.routing.RouteTable;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An integration URI compiled for one route and stage: stage variables already substituted, path variables bound to
 * the positions of the route's segments, so building the backend URI is string appends and no lookups.
 */
final class TargetUri {

    private final Object[] parts;   // String text, Integer segment position (>= 0), or ~position for a greedy tail
    private final int estimatedLength;

    private TargetUri(Object[] parts, int estimatedLength) {
        this.parts = parts;
        this.estimatedLength = estimatedLength;
    }

    static TargetUri compile(UriTemplate template, RouteKey key, Map<String, String> stageVariables) {
        UriTemplate resolved = template.resolveStageVariables(stageVariables);
        List<Object> parts = new ArrayList<>();
        int length = 16;
        for (UriTemplate.Part part : resolved.parts()) {
            if (part instanceof UriTemplate.Text text) {
                parts.add(text.value());
                length += text.value().length();
            } else if (part instanceof UriTemplate.PathVariable variable) {
                parts.add(position(key, variable.name()));
                length += 16;
            }
        }
        return new TargetUri(parts.toArray(), length);
    }

    private static Integer position(RouteKey key, String name) {
        if (key.isDefault() && name.equals(RouteTable.DEFAULT_GREEDY_NAME)) {
            return ~0;
        }
        List<PathSegment> segments = key.segments();
        for (int i = 0; i < segments.size(); i++) {
            PathSegment segment = segments.get(i);
            if (segment instanceof PathSegment.Variable v && v.name().equals(name)) {
                return i;
            }
            if (segment instanceof PathSegment.Greedy g && g.name().equals(name)) {
                return ~i;
            }
        }
        throw new IllegalArgumentException("route '" + key + "' has no path variable '" + name + "'");
    }

    /**
     * The backend URI for a matched request, without query string; {@code match} is the exchange's, which an
     * integration always has (a URI with path variables needs it).
     */
    String render(RouteTable.@Nullable Match<?> match) {
        if (parts.length == 1 && parts[0] instanceof String only) {
            return only;
        }
        RouteTable.Match<?> matched = Objects.requireNonNull(match, "match");
        RequestPath path = matched.path();
        int offset = matched.offset();
        StringBuilder sb = new StringBuilder(estimatedLength);
        for (Object part : parts) {
            if (part instanceof String text) {
                sb.append(text);
            } else {
                int position = (Integer) part;
                if (position >= 0) {
                    sb.append(path.rawSegment(offset + position));
                } else {
                    sb.append(path.rawTail(offset + ~position));
                }
            }
        }
        return sb.toString();
    }
}
