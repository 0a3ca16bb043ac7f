package io.tollgate.core.api;

import org.jspecify.annotations.Nullable;

import java.util.Locale;

/**
 * A REST-style integration request parameter: {@code integration.request.header|querystring|path.NAME} from a
 * {@link ParameterSource}.
 */
public record RequestParameter(String key, Location location, String name, ParameterSource source) {

    /** Where the value goes. */
    public enum Location { HEADER, QUERYSTRING, PATH }

    /** Parses {@code key} (e.g. {@code integration.request.header.x}) mapped from {@code value}; null (reported) when invalid. */
    public static @Nullable RequestParameter parse(String key, @Nullable String value, String path, Problems problems) {
        String entry = path + "[" + key + "]";
        Location location = null;
        String name = null;
        for (Location l : Location.values()) {
            String prefix = "integration.request." + l.name().toLowerCase(Locale.ROOT) + ".";
            if (key != null && key.startsWith(prefix) && key.length() > prefix.length()) {
                location = l;
                name = key.substring(prefix.length());
            }
        }
        if (location == null || name == null) {
            problems.add(entry, "'" + key + "' must be integration.request.header.NAME, "
                    + "integration.request.querystring.NAME or integration.request.path.NAME"
                    + " (in YAML, write such a map key in brackets)");
            return null;
        }
        if (location == Location.HEADER && !HeaderSyntax.isToken(name)) {
            problems.add(entry, "'" + name + "' is not a valid header name");
            return null;
        }
        ParameterSource source = ParameterSource.parse(value, false, entry, problems);
        if (source != null && location == Location.HEADER && source.kind() == ParameterSource.Kind.STATIC
                && !HeaderSyntax.isValidValue(source.name())) {
            problems.add(entry, HeaderSyntax.invalidValueReason(source.name()));
            return null;
        }
        return source == null ? null : new RequestParameter(key, location, name, source);
    }
}
