package io.tollgate.core.api.cache;

import io.tollgate.core.api.Problems;
import org.jspecify.annotations.Nullable;

import java.util.Locale;

/**
 * A request value that varies a route's cache key, as AWS's {@code cacheKeyParameters}:
 * {@code method.request.querystring.x}, {@code method.request.header.x} or {@code method.request.path.x}.
 *
 * @param location where the value is read
 * @param name     the parameter (a header name in lower case)
 * @param text     the expression as written
 */
public record CacheKeyParameter(Location location, String name, String text) {

    /** Where a key parameter is read. */
    public enum Location { QUERYSTRING, HEADER, PATH }

    /** Parses an expression, recording a problem at {@code path} (and returning null) when it is not one. */
    static @Nullable CacheKeyParameter parse(@Nullable String text, String path, Problems problems) {
        String value = text == null ? "" : text.trim();
        for (Location location : Location.values()) {
            String prefix = "method.request." + location.name().toLowerCase(Locale.ROOT) + ".";
            if (value.startsWith(prefix) && value.length() > prefix.length()) {
                String name = value.substring(prefix.length());
                return new CacheKeyParameter(location, location == Location.HEADER
                        ? name.toLowerCase(Locale.ROOT) : name, value);
            }
        }
        problems.add(path, "'" + text + "' must be method.request.querystring.NAME, method.request.header.NAME or"
                + " method.request.path.NAME");
        return null;
    }
}
