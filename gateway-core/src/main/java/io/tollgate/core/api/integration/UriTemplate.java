package io.tollgate.core.api.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An integration URI such as {@code ${stageVariables.backend}/pets/{id}}: text, path variables ({@code {id}},
 * {@code {proxy}} for a greedy {@code {proxy+}}) and stage variables ({@code ${stageVariables.name}}).
 */
public record UriTemplate(String text, List<Part> parts) {

    private static final Pattern TOKEN = Pattern.compile("\\$\\{stageVariables\\.([A-Za-z0-9_]+)}|\\{([A-Za-z0-9._-]+)\\+?}");

    public UriTemplate {
        parts = List.copyOf(parts);
    }

    /** A piece of the template. */
    public sealed interface Part {
    }

    /** Literal text. */
    public record Text(String value) implements Part {
    }

    /** {@code {name}}: the raw (still percent-encoded) value of a path variable. */
    public record PathVariable(String name) implements Part {
    }

    /** {@code ${stageVariables.name}}: resolved once per stage at startup. */
    public record StageVariable(String name) implements Part {
    }

    /** Splits {@code text} into parts; never fails (checks come with {@link #validate}). */
    public static UriTemplate parse(String text) {
        List<Part> parts = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(new Text(text.substring(last, m.start())));
            }
            parts.add(m.group(1) != null ? new StageVariable(m.group(1)) : new PathVariable(m.group(2)));
            last = m.end();
        }
        if (last < text.length()) {
            parts.add(new Text(text.substring(last)));
        }
        return new UriTemplate(text, parts);
    }

    /** This template with every stage variable replaced by its value in {@code variables} (missing ones: empty). */
    public UriTemplate resolveStageVariables(Map<String, String> variables) {
        List<Part> resolved = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            String value = part instanceof StageVariable sv ? variables.getOrDefault(sv.name(), "")
                    : part instanceof Text t ? t.value() : null;
            if (value != null) {
                text.append(value);
                continue;
            }
            if (text.length() > 0) {
                resolved.add(new Text(text.toString()));
                text.setLength(0);
            }
            resolved.add(part);
        }
        if (text.length() > 0) {
            resolved.add(new Text(text.toString()));
        }
        return new UriTemplate(this.text, resolved);
    }

    /** Renders the template with {@code sample} for every path variable (used to check the URI's shape). */
    public String sample(String sample) {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text t) {
                sb.append(t.value());
            } else {
                sb.append(sample);
            }
        }
        return sb.toString();
    }
}
