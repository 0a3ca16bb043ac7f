package io.tollgate.core.api.integration;

import io.tollgate.core.api.HeaderSyntax;
import io.tollgate.core.api.Problems;
import io.tollgate.core.api.ValueTemplate;
import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Set;

/**
 * An HTTP-API-style request parameter mapping: {@code append|overwrite|remove:header.name},
 * {@code append|overwrite|remove:querystring.name} or {@code overwrite:path}, with a {@link ValueTemplate} value.
 */
public record ParameterMapping(String key, Action action, Target target, String name, ValueTemplate value) {

    /** What the mapping does. */
    public enum Action { APPEND, OVERWRITE, REMOVE }

    /** What the mapping changes. */
    public enum Target { HEADER, QUERY_STRING, PATH }

    private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "connection", "content-encoding",
            "content-length", "content-location", "forwarded", "keep-alive", "origin", "proxy-authenticate",
            "proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade", "x-forwarded-for",
            "x-forwarded-host", "x-forwarded-proto", "via", "host");

    /** Parses one mapping, recording problems at {@code path}; returns {@code null} when it is invalid. */
    public static @Nullable ParameterMapping parse(String key, @Nullable String value, String path, Problems problems) {
        String entryPath = path + "[" + key + "]";
        int colon = key == null ? -1 : key.indexOf(':');
        if (colon < 0) {
            problems.add(entryPath, "'" + key + "' must be 'append|overwrite|remove:header.name', "
                    + "'append|overwrite|remove:querystring.name' or 'overwrite:path'"
                    + " (in YAML, write such a map key in brackets: \"[append:header.name]\")");
            return null;
        }
        Action action;
        try {
            action = Action.valueOf(key.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(entryPath, "'" + key + "' has the unknown action '" + key.substring(0, colon)
                    + "' (expected append, overwrite or remove)");
            return null;
        }
        String location = key.substring(colon + 1);
        Target target;
        String name;
        if (location.equals("path")) {
            if (action != Action.OVERWRITE) {
                problems.add(entryPath, "the path can only be overwritten ('overwrite:path')");
                return null;
            }
            target = Target.PATH;
            name = "";
        } else if (location.startsWith("header.") && location.length() > "header.".length()) {
            target = Target.HEADER;
            name = location.substring("header.".length());
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED_HEADERS.contains(lower) || lower.startsWith("access-control-") || lower.startsWith("apigw-")
                    || lower.startsWith("x-amz-") || lower.startsWith("x-amzn-")) {
                problems.add(entryPath, "the header '" + name + "' is reserved and cannot be mapped");
                return null;
            }
            if (!HeaderSyntax.isToken(name)) {
                problems.add(entryPath, "'" + name + "' is not a valid header name");
                return null;
            }
        } else if (location.startsWith("querystring.") && location.length() > "querystring.".length()) {
            target = Target.QUERY_STRING;
            name = location.substring("querystring.".length());
        } else {
            problems.add(entryPath, "'" + key + "' must change 'header.name', 'querystring.name' or 'path'");
            return null;
        }
        ValueTemplate template = ValueTemplate.parse(value == null ? "" : value, entryPath, problems);
        if (template == null) {
            return null;
        }
        if (target == Target.HEADER && !HeaderSyntax.isValidValue(template.text())) {
            problems.add(entryPath, HeaderSyntax.invalidValueReason(template.text()));
            return null;
        }
        if (target == Target.PATH && template.text().isEmpty()) {
            problems.add(entryPath, "the new path must not be empty");
            return null;
        }
        return new ParameterMapping(key, action, target, name, template);
    }
}
