package io.tollgate.core.response;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Map;

/** Template selection by media type, as Amazon API Gateway does it. */
public final class MediaTypes {

    public static final String JSON = "application/json";

    private MediaTypes() {
    }

    /** The media type of a {@code Content-Type} without parameters, lower case; {@code application/json} when absent. */
    public static String of(@Nullable String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return JSON;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The response template for a request's {@code Accept}: the first listed type that has a template, else
     * {@code application/json}'s, else the first template; {@code null} when there is none.
     */
    public static <T> Map.@Nullable Entry<String, T> forAccept(Map<String, T> templates, @Nullable String accept) {
        if (templates.isEmpty()) {
            return null;
        }
        if (accept != null) {
            for (String part : accept.split(",")) {
                String type = of(part);
                if (templates.containsKey(type)) {
                    return Map.entry(type, templates.get(type));
                }
            }
        }
        if (templates.containsKey(JSON)) {
            return Map.entry(JSON, templates.get(JSON));
        }
        return templates.entrySet().iterator().next();
    }
}
