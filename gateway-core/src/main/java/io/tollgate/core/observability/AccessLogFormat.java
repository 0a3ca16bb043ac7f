package io.tollgate.core.observability;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.RequestOutcome;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An access log format written with Amazon API Gateway's {@code $context} variables, compiled once at startup into
 * a list of parts (text and values), or one of the presets AWS's console offers ({@code CLF}, {@code JSON},
 * {@code XML}, {@code CSV}, in the REST or HTTP API flavour). A value that is empty is written {@code -}, as AWS
 * does; values are escaped for JSON or XML formats, and line breaks never reach the log.
 */
public final class AccessLogFormat {

    private final String source;
    private final Object[] parts;      // String (text) or AccessLogValue
    private final Escaping escaping;

    private AccessLogFormat(String source, Object[] parts, Escaping escaping) {
        this.source = source;
        this.parts = parts;
        this.escaping = escaping;
    }

    /**
     * The preset named {@code format} ({@code CLF}, {@code JSON}, {@code XML}, {@code CSV}, any case) for an API of
     * {@code type}, or {@code format} compiled as a custom format.
     *
     * @throws IllegalArgumentException naming the unknown variable, or a variable that is never logged
     */
    public static AccessLogFormat of(@Nullable String format, ApiType type) {
        if (format == null || format.isBlank()) {
            throw new IllegalArgumentException("an access log format is CLF, JSON, XML, CSV or a format with"
                    + " $context variables");
        }
        String preset = AccessLogPresets.of(format.trim().toUpperCase(Locale.ROOT), type);
        return compile(preset != null ? preset : format);
    }

    /** Compiles a custom format. */
    public static AccessLogFormat compile(String format) {
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        boolean anyVariable = false;
        while (i < format.length()) {
            int at = format.indexOf("$context.", i);
            if (at < 0) {
                text.append(format, i, format.length());
                break;
            }
            text.append(format, i, at);
            int start = at + "$context.".length();
            int end = start;
            while (end < format.length() && isNameChar(format.charAt(end))) {
                end++;
            }
            while (end > start && format.charAt(end - 1) == '.') {
                end--;
            }
            String name = format.substring(start, end);
            if (name.isEmpty()) {
                text.append("$context.");
                i = start;
                continue;
            }
            if (!text.isEmpty()) {
                parts.add(text.toString());
                text.setLength(0);
            }
            parts.add(AccessLogValue.of(name));
            anyVariable = true;
            i = end;
        }
        if (!text.isEmpty()) {
            parts.add(text.toString());
        }
        if (!anyVariable) {
            throw new IllegalArgumentException("the access log format has no $context variable (add"
                    + " $context.requestId, or use a preset: CLF, JSON, XML, CSV)");
        }
        String trimmed = format.trim();
        Escaping escaping = trimmed.startsWith("{") ? Escaping.JSON : trimmed.startsWith("<") ? Escaping.XML : Escaping.NONE;
        return new AccessLogFormat(format, parts.toArray(), escaping);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
    }

    /** The format as compiled (a preset's full text). */
    public String source() {
        return source;
    }

    /** One line for a completed request. */
    public String render(GatewayExchange exchange, RequestOutcome outcome) {
        StringBuilder line = new StringBuilder(256);
        for (Object part : parts) {
            if (part instanceof String text) {
                line.append(text);
            } else {
                String value = ((AccessLogValue) part).value(exchange, outcome);
                if (value == null || value.isEmpty()) {
                    line.append('-');
                } else {
                    escaping.append(line, value);
                }
            }
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return source;
    }

    private enum Escaping {
        NONE, JSON, XML;

        void append(StringBuilder out, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20) {
                    if (this == JSON) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(' ');
                    }
                    continue;
                }
                switch (this) {
                    case JSON -> {
                        if (c == '"' || c == '\\') {
                            out.append('\\');
                        }
                        out.append(c);
                    }
                    case XML -> {
                        switch (c) {
                            case '<' -> out.append("&lt;");
                            case '>' -> out.append("&gt;");
                            case '&' -> out.append("&amp;");
                            case '"' -> out.append("&quot;");
                            default -> out.append(c);
                        }
                    }
                    default -> out.append(c);
                }
            }
        }
    }
}
