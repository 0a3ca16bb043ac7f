package io.tollgate.core.openapi;

import java.util.Locale;

/**
 * What an import does with the document's base path (2.0 {@code basePath}; 3.0 the first server's {@code basePath}
 * variable, else its URL's path), as AWS's {@code basepath} import parameter.
 */
public enum BasePathMode {
    /** The base path is left out: {@code /test} stays {@code /test} (AWS's default). */
    IGNORE,
    /** The base path is put before every path: {@code /base-url/part} and {@code /test} give {@code /base-url/part/test}. */
    PREPEND,
    /** The base path's first segment is dropped, the rest prepended: {@code /part/test}. */
    SPLIT;

    /** The mode named {@code value}, in any case. */
    public static BasePathMode of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** The path {@code path} becomes under base path {@code basePath} (with or without slashes around it). */
    String apply(String basePath, String path) {
        String base = trim(basePath);
        String prefix = switch (this) {
            case IGNORE -> "";
            case PREPEND -> base;
            case SPLIT -> base.indexOf('/', 1) < 0 ? "" : base.substring(base.indexOf('/', 1));
        };
        if (prefix.isEmpty()) {
            return path;
        }
        return path.equals("/") ? prefix : prefix + path;
    }

    /** {@code /a/b} from {@code a/b/}, {@code /a/b/} or {@code /a/b}; empty for the root. */
    private static String trim(String basePath) {
        String base = basePath.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.isEmpty()) {
            return "";
        }
        return base.startsWith("/") ? base : "/" + base;
    }
}
