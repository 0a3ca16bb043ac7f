package io.tollgate.core.api.auth;

import io.tollgate.core.api.ContextVariable;
import io.tollgate.core.api.Problems;
import org.jspecify.annotations.Nullable;

import java.util.Locale;

/**
 * One identity source of an authorizer, written either way AWS writes them: {@code $request.header.Authorization} or
 * {@code method.request.header.Authorization}, {@code $request.querystring.x} or {@code method.request.querystring.x},
 * {@code $stageVariables.x} or {@code stageVariables.x}, {@code $context.x} or {@code context.x}.
 *
 * @param kind where the value is read
 * @param name the header (lower case), query parameter, stage variable or context variable
 * @param text the source as written
 * @param contextVariable for {@link Kind#CONTEXT}: the variable, resolved once; otherwise null
 */
public record IdentitySource(Kind kind, String name, String text, @Nullable ContextVariable contextVariable) {

    /** Where an identity source is read. */
    public enum Kind {
        HEADER, QUERY_STRING, STAGE_VARIABLE, CONTEXT
    }

    /** Parses a source, recording a problem at {@code path} (and returning null) when it is not one. */
    static @Nullable IdentitySource parse(@Nullable String text, String path, Problems problems) {
        String value = text == null ? "" : text.trim();
        String[][] prefixes = {
                {"$request.header.", "HEADER"}, {"method.request.header.", "HEADER"},
                {"route.request.header.", "HEADER"},
                {"$request.querystring.", "QUERY_STRING"}, {"method.request.querystring.", "QUERY_STRING"},
                {"route.request.querystring.", "QUERY_STRING"},
                {"$stageVariables.", "STAGE_VARIABLE"}, {"stageVariables.", "STAGE_VARIABLE"},
                {"$context.", "CONTEXT"}, {"context.", "CONTEXT"}};
        for (String[] prefix : prefixes) {
            if (value.startsWith(prefix[0]) && value.length() > prefix[0].length()) {
                Kind kind = Kind.valueOf(prefix[1]);
                String name = value.substring(prefix[0].length());
                ContextVariable variable = kind == Kind.CONTEXT ? ContextVariable.byName(name).orElse(null) : null;
                if (kind == Kind.CONTEXT && variable == null) {
                    problems.add(path, "'" + text + "' uses the unknown context variable '" + name + "' (supported: "
                            + ContextVariable.names() + ")");
                    return null;
                }
                return new IdentitySource(kind, kind == Kind.HEADER ? name.toLowerCase(Locale.ROOT) : name, value, variable);
            }
        }
        problems.add(path, "'" + text + "' is not an identity source ($request.header.x, $request.querystring.x,"
                + " $stageVariables.x or $context.x; or method.request.header.x, ...; or a WebSocket API's"
                + " route.request.header.x, route.request.querystring.x)");
        return null;
    }
}
