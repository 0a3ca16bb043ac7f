package io.tollgate.autoconfigure;

import io.tollgate.autoconfigure.ConfigurationSchema.Choice;
import io.tollgate.autoconfigure.ConfigurationSchema.ListType;
import io.tollgate.autoconfigure.ConfigurationSchema.MapType;
import io.tollgate.autoconfigure.ConfigurationSchema.ObjectType;
import io.tollgate.autoconfigure.ConfigurationSchema.Property;
import io.tollgate.autoconfigure.ConfigurationSchema.Scalar;
import io.tollgate.autoconfigure.ConfigurationSchema.Type;
import io.tollgate.autoconfigure.ConfigurationSchema.Value;
import io.tollgate.autoconfigure.TollgateProperties.AuthorizerProperties;
import io.tollgate.autoconfigure.TollgateProperties.AuthorizerType;
import io.tollgate.autoconfigure.TollgateProperties.IntegrationProperties;
import io.tollgate.core.api.integration.IntegrationType;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The configuration reference, {@code docs/configuration.md}: the tree {@link ConfigurationSchema} gives (the one the
 * JSON Schema is made of) as Markdown, one section per object with a table of its properties, each named by its full
 * path as written in YAML. The integration and authorizer sections are split by kind, after the kinds each property's
 * description starts with ({@code HTTP_PROXY, HTTP: ...}).
 */
final class ConfigurationReference {

    /** The records whose properties are listed by kind: the enum of their {@code type}, and a title for each kind. */
    private static final Map<Class<?>, Map<Enum<?>, String>> KINDS = Map.of(
            IntegrationProperties.class, kinds(
                    IntegrationType.HTTP_PROXY, "HTTP proxy integration",
                    IntegrationType.HTTP, "HTTP integration",
                    IntegrationType.MOCK, "Mock integration",
                    IntegrationType.FUNCTION, "Function integration"),
            AuthorizerProperties.class, kinds(
                    AuthorizerType.JWT, "JWT authorizer",
                    AuthorizerType.TOKEN, "TOKEN authorizer",
                    AuthorizerType.REQUEST, "REQUEST authorizer"));

    /** The kinds a description starts with: {@code HTTP_PROXY, HTTP: ...}, {@code REQUEST on HTTP APIs: ...}. */
    private static final Pattern KIND_PREFIX = Pattern.compile("^([A-Z][A-Z0-9_]*(?:, [A-Z][A-Z0-9_]*)*)(?=[: ])");

    private static final String INTRO = """
            # Configuration reference

            <!-- Generated from the properties records and their Javadoc by ConfigurationReferenceTest (gateway-autoconfigure): \
            do not edit it here. Run that test with -Dtollgate.docs.write=true to write it again. -->

            Every property Tollgate reads, under the `tollgate` key of `application.yml`, object by object. It is \
            generated from the same property types and Javadoc as the JSON Schema that the starter ships for YAML editors \
            (`META-INF/tollgate-configuration.schema.json`) and as Spring Boot's configuration metadata, so the three \
            agree.

            How to read the tables:

            - A property is written with its full path, as in YAML: `<name>` (or `<stage>`, `<route-key>`, ...) stands \
            for a key you choose, `[i]` for a position in a list.
            - A value from a fixed set may be written in any case, with `-` or `_`: `HTTP_PROXY`, `http_proxy` and \
            `http-proxy` are the same.
            - A duration is `500ms`, `10s`, `5m`, an ISO-8601 duration (`PT10S`) or a number of milliseconds; a size is \
            `64KB`, `10MB` or a number of bytes. A list of values may also be written as one comma-separated string.
            - A map key that holds `$`, `/`, `.`, `:`, a space or brackets is written in brackets and quotes: \
            `'[$default]':`, `'[GET /pets/{id}]':`, `'[application/json]':`.
            - A `tollgate.*` property Tollgate does not know fails startup, naming the nearest known one, unless \
            `tollgate.fail-on-unknown-properties` is `false`.
            """;

    private ConfigurationReference() {
    }

    /** A table row: the property at {@code path}. */
    private record Row(String path, Property property) {
    }

    /** A section: an object of the tree (one record), wherever it appears. */
    private static final class Section {
        final Class<?> record;
        final String title;
        final @Nullable String description;
        final Set<String> paths = new LinkedHashSet<>();
        final List<Row> rows = new ArrayList<>();

        Section(Class<?> record, String title, @Nullable String description) {
            this.record = record;
            this.title = title;
            this.description = description;
        }
    }

    /** The reference of {@code tree} (the {@code tollgate} object); {@code javadoc} describes the kinds. */
    static String render(ObjectType tree, ConfigurationSchema.Javadoc javadoc) {
        Map<Class<?>, Section> sections = new LinkedHashMap<>();
        walk(tree, "tollgate", 0, sections, null);
        List<Section> ordered = new ArrayList<>();
        for (Class<?> record : ConfigurationSchema.TITLES.keySet()) {
            Section section = sections.get(record);
            if (section != null) {
                ordered.add(section);
            }
        }
        StringBuilder out = new StringBuilder(INTRO).append("\n## Contents\n\n");
        for (Section section : ordered) {
            out.append("- [").append(section.title).append("](#").append(anchor(section.title)).append(")\n");
            for (String kind : KINDS.getOrDefault(section.record, Map.of()).values()) {
                out.append("  - [").append(kind).append("](#").append(anchor(kind)).append(")\n");
            }
        }
        for (Section section : ordered) {
            out.append("\n## ").append(section.title).append("\n\n");
            if (section.description != null && !section.description.isBlank()) {
                out.append(section.description).append("\n\n");
            }
            out.append(section.paths.size() == 1 ? "Path: " : "Paths: ")
                    .append(section.paths.stream().map(p -> "`" + p + "`").collect(Collectors.joining(", ")))
                    .append("\n\n");
            Map<Enum<?>, String> kinds = KINDS.get(section.record);
            if (kinds == null) {
                table(out, section.rows);
                continue;
            }
            Map<Enum<?>, List<Row>> byKind = new LinkedHashMap<>();
            kinds.keySet().forEach(kind -> byKind.put(kind, new ArrayList<>()));
            List<Row> common = new ArrayList<>();
            for (Row row : section.rows) {
                List<Enum<?>> of = kindsOf(row, kinds.keySet());
                if (of.isEmpty()) {
                    common.add(row);
                } else {
                    of.forEach(kind -> byKind.get(kind).add(row));
                }
            }
            table(out, common);
            byKind.forEach((kind, rows) -> {
                out.append("\n### ").append(kinds.get(kind)).append("\n\n`type: ").append(kind.name()).append('`');
                String description = javadoc.constant(kind);
                if (description != null) {
                    out.append(": ").append(description);
                }
                out.append("\n\n");
                table(out, rows);
            });
        }
        return out.toString();
    }

    /**
     * Puts the rows of {@code object}, at {@code path}, into its section (or into {@code into}, for an object that
     * only groups names), and goes down into its objects; {@code lists} is how many lists the path is in.
     */
    private static void walk(ObjectType object, String path, int lists, Map<Class<?>, Section> sections,
                             @Nullable Section into) {
        Section section = into;
        if (object.record() != null) {
            Class<?> record = object.record();
            section = sections.computeIfAbsent(record, r -> new Section(r, object.title(), object.description()));
            section.paths.add(path);
        }
        if (section == null) {
            throw new IllegalStateException(path + " is in no section");
        }
        for (Property property : object.properties().values()) {
            String at = path + "." + property.name();
            Type type = property.type();
            if (type instanceof ObjectType child && child.record() == null) {
                walk(child, at, lists, sections, section);
                continue;
            }
            section.rows.add(new Row(at, property));
            if (type instanceof ObjectType child) {
                walk(child, at, lists, sections, null);
            } else if (type instanceof ListType list && list.element() instanceof ObjectType element) {
                walk(element, at + "[" + "ijk".charAt(lists) + "]", lists + 1, sections, null);
            } else if (type instanceof MapType map && map.value() instanceof ObjectType value) {
                walk(value, at + "." + map.placeholder(), lists, sections, null);
            }
        }
    }

    private static List<Enum<?>> kindsOf(Row row, Set<Enum<?>> kinds) {
        Matcher prefix = KIND_PREFIX.matcher(row.property().description());
        if (!prefix.find()) {
            return List.of();
        }
        List<Enum<?>> of = new ArrayList<>();
        for (String name : prefix.group(1).split(", ")) {
            Enum<?> kind = kinds.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalStateException(row.path() + ": its description starts with '" + name + "', which is"
                            + " not one of the kinds " + kinds));
            of.add(kind);
        }
        return of;
    }

    private static void table(StringBuilder out, List<Row> rows) {
        out.append("| Property | Type | Default | Description |\n|---|---|---|---|\n");
        for (Row row : rows) {
            Property property = row.property();
            List<String> cells = List.of("`" + row.path() + "`", cell(type(property.type())),
                    property.defaultValue() == null ? "" : cell(code(property.defaultValue())),
                    cell(description(property)));
            out.append('|');
            cells.forEach(cell -> out.append(cell.isEmpty() ? " |" : " " + cell + " |"));
            out.append('\n');
        }
    }

    /** What a property holds, in words, with links to the sections of objects. */
    private static String type(Type type) {
        if (type instanceof Scalar scalar) {
            return scalar.kind();
        }
        if (type instanceof Choice choice && choice.closed()) {
            return "one of " + choice.values().stream().map(v -> code(v.value())).collect(Collectors.joining(", "));
        }
        if (type instanceof Choice choice) {
            return choice.values().stream().map(v -> code(v.value())).collect(Collectors.joining(", "))
                    + " or a string";
        }
        if (type instanceof ListType list) {
            return "list of " + (list.element() instanceof Choice ? "(" + type(list.element()) + ")"
                    : type(list.element()));
        }
        if (type instanceof MapType map) {
            return "map of " + type(map.value());
        }
        ObjectType object = (ObjectType) type;
        return "[" + object.title() + "](#" + anchor(object.title()) + ")";
    }

    /** The description, then what the type adds: each value's meaning, the keys of a map, examples. */
    private static String description(Property property) {
        StringBuilder out = new StringBuilder(property.description());
        Type type = property.type();
        Type values = type instanceof ListType list ? list.element() : type instanceof MapType map ? map.value() : type;
        if (values instanceof Choice choice) {
            for (Value value : choice.values()) {
                if (value.description() != null) {
                    out.append("<br>").append(code(value.value())).append(": ").append(value.description());
                }
            }
            if (!choice.closed()) {
                out.append("<br>Any other value: ").append(choice.other());
            }
            if (!choice.examples().isEmpty()) {
                out.append("<br>For example ").append(codes(choice.examples()));
            }
        }
        if (type instanceof MapType map) {
            Choice keys = map.keys();
            if (keys != null) {
                out.append("<br>Keys: ").append(keys.values().stream()
                        .map(v -> code(v.value()) + (v.description() == null ? "" : " (" + v.description() + ")"))
                        .collect(Collectors.joining(", ")));
            } else if (!map.keyExamples().isEmpty()) {
                out.append("<br>Keys such as ").append(codes(map.keyExamples()));
            }
        }
        if (values instanceof Scalar scalar && !scalar.examples().isEmpty()
                && !Set.of("duration", "size").contains(scalar.kind())) {
            out.append(type instanceof MapType ? "<br>Values such as " : "<br>For example ")
                    .append(codes(scalar.examples()));
        }
        return out.toString();
    }

    private static String codes(List<Object> values) {
        return values.stream().map(v -> code(String.valueOf(v))).collect(Collectors.joining(", "));
    }

    private static String code(String text) {
        return text.isEmpty() ? "`\"\"`" : JavadocReader.code(text);
    }

    /** A table cell: one line, its pipes escaped (GitHub's tables take {@code \|} inside code spans too). */
    private static String cell(String text) {
        return text.replace("\n", " ").replace("|", "\\|");
    }

    /** The anchor GitHub gives a heading. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static Map<Enum<?>, String> kinds(Object... pairs) {
        Map<Enum<?>, String> kinds = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            kinds.put((Enum<?>) pairs[i], (String) pairs[i + 1]);
        }
        return kinds;
    }
}
