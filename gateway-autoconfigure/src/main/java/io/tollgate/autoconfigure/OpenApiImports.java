package io.tollgate.autoconfigure;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.openapi.DocumentItem;
import io.tollgate.core.openapi.ImportOptions;
import io.tollgate.core.openapi.ImportWarning;
import io.tollgate.core.openapi.ImportedApi;
import io.tollgate.core.openapi.LambdaFunctionResolver;
import io.tollgate.core.openapi.OpenApiImporter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * APIs defined by an OpenAPI document ({@code tollgate.apis.<name>.openapi}): the document imported
 * ({@link OpenApiImporter}, with the options of {@code openapi-import}), and the properties written beside it merged
 * over what it imported (maps key by key, routes by {@code route-key}, other lists replaced). At startup the merged
 * definitions are put first in the environment ({@link #SOURCE}), each value with its origin: the file and line the
 * application wrote it at, or the document's JSON pointer and line; so the configuration's checks and binding read
 * them as any other. Definitions read later (a deployment, a refresh) are expanded the same way.
 */
final class OpenApiImports {

    /** The name of the property source holding the imported definitions. */
    static final String SOURCE = "tollgate OpenAPI imports";

    private static final Logger log = LoggerFactory.getLogger(OpenApiImports.class);

    /** One API's import: where its document is, and what it became. */
    record Result(String api, String location, ImportedApi imported) {
    }

    /** An API's definition with its document imported and the application's properties merged over it. */
    record Expanded(Map<String, Object> definition, Result result) {
    }

    private final ResourceLoader resources;
    private final @Nullable LambdaFunctionResolver resolver;
    private final Map<String, Result> results = new LinkedHashMap<>();

    OpenApiImports(ResourceLoader resources) {
        this(resources, null);
    }

    /** With the application's resolver of Lambda functions to beans ({@code null}: the defaults alone). */
    OpenApiImports(ResourceLoader resources, @Nullable LambdaFunctionResolver resolver) {
        this.resources = resources;
        this.resolver = resolver;
    }

    /** The imports made so far, by API name (the latest of each). */
    synchronized Map<String, Result> results() {
        return Map.copyOf(results);
    }

    /**
     * Imports the document of every API of {@code environment} that names one, and puts the merged definitions first
     * in it; fails (naming the {@code openapi} property and the document's pointer) when a document cannot be read or
     * imported, or has warnings its API does not accept.
     */
    void importInto(ConfigurableEnvironment environment) {
        environment.getPropertySources().remove(SOURCE);
        Map<String, Object> apis = DefinitionTrees.read(environment, ConfigurationDeployer.PREFIX);
        // DefinitionTrees leaves this source out, so an import done before (a context refreshed again) is redone
        Map<String, Object> properties = new LinkedHashMap<>();
        List<ConfigurationCheck.Finding> findings = new ArrayList<>();
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        ConfigurationPropertySources.get(environment).forEach(sources::add);
        apis.forEach((api, tree) -> {
            if (!(tree instanceof Map<?, ?> map) || !map.containsKey("openapi")) {
                return;
            }
            @SuppressWarnings("unchecked") Map<String, Object> definition = (Map<String, Object>) map;
            String prefix = ConfigurationDeployer.PREFIX + "." + api;
            try {
                Expanded expanded = expand(api, definition);
                Set<ConfigurationPropertyName> written = written(prefix, sources);
                DefinitionTrees.flatten(prefix, expanded.definition()).forEach((name, value) ->
                        properties.put(name, tracked(name, value, prefix, expanded.result(), written, sources)));
            } catch (InvalidDefinitionException e) {
                e.problems().forEach(p -> {
                    // a setting of the import is named itself; a problem of the document, by the document's property
                    String property = p.path().startsWith("openapi-import") ? prefix + "." + p.path() : prefix + ".openapi";
                    String message = p.path().startsWith("openapi") ? p.message() : p.toString();
                    findings.add(new ConfigurationCheck.Finding(ConfigurationCheck.Kind.INVALID, property, message, null,
                            origin(property, sources)));
                });
            }
        });
        if (!findings.isEmpty()) {
            throw new TollgateConfigurationException(findings);
        }
        if (!properties.isEmpty()) {
            environment.getPropertySources().addFirst(new OriginTrackedMapPropertySource(SOURCE, properties, true));
        }
    }

    /**
     * {@code definition} (API {@code api}'s, in the shape of its properties) with its {@code openapi} document imported
     * and the definition's other entries merged over it; {@code definition} itself when it names no document.
     *
     * @throws InvalidDefinitionException when the document cannot be read or imported, or its warnings are refused
     */
    Expanded expand(String api, Map<String, Object> definition) {
        Object location = definition.get("openapi");
        if (!(location instanceof String text) || text.isBlank()) {
            throw new InvalidDefinitionException("api '" + api + "'", List.of(new Problem("openapi",
                    "must name a document: classpath:... or file:...")));
        }
        if (!ClassUtils.isPresent("io.swagger.parser.OpenAPIParser", getClass().getClassLoader())) {
            throw new InvalidDefinitionException("api '" + api + "'", List.of(new Problem("openapi",
                    "an OpenAPI import needs swagger-parser (io.swagger.parser.v3:swagger-parser) on the classpath; "
                            + "the starter brings it")));
        }
        OpenApiImportSettings settings = OpenApiImportSettings.of(definition);
        ImportOptions options = settings.options(definition.get("type") instanceof String type
                ? ApiType.valueOf(type.trim().toUpperCase(Locale.ROOT)) : null).withResolver(resolver);
        ImportedApi imported = new OpenApiImporter(options).importDocument(text.trim(), read(text.trim()));
        Result result = new Result(api, text.trim(), imported);
        if (settings.failOnWarnings() && !imported.warnings().isEmpty()) {
            throw new InvalidDefinitionException(text.trim(), imported.warnings().stream()
                    .map(w -> new Problem(w.pointer().isEmpty() ? "/" : w.pointer(), w.message()
                            + (w.line() > 0 ? " (line " + w.line() + ")" : "") + " [fail-on-warnings]"))
                    .toList());
        }
        synchronized (this) {
            Result before = results.put(api, result);
            if (before == null || !before.imported().warnings().equals(imported.warnings())) {
                report(result);
            }
        }
        Map<String, Object> own = new LinkedHashMap<>(definition);
        return new Expanded(merge(imported.definition(), own), result);
    }

    /** What a document put over an API makes of it, and the import's warnings. */
    record Put(Map<String, Object> definition, List<ImportWarning> warnings) {
    }

    /** What an overwrite keeps of the API: AWS keeps its endpoint, stages and stage variables. */
    private static final List<String> KEPT = List.of("type", "id", "base-path", "stages", "integration-timeout",
            "max-request-body-size", "openapi-import");

    /**
     * API {@code api} as document {@code document} (JSON or YAML text) makes it when put over its current definition
     * {@code current}, as AWS's {@code PutRestApi}: {@code overwrite} replaces everything the document can say and keeps
     * the API's type, base path, stages and import settings; otherwise ({@code merge}) the document's routes replace
     * those of the same key and add the others, its authorizers, models and gateway responses replace those of the same
     * name, and its binary media types are added. The result names no document: a deployment holds it whole.
     *
     * @throws InvalidDefinitionException when the document cannot be imported, or has warnings and
     *                                    {@code failOnWarnings}
     */
    Put put(String api, Map<String, Object> current, String document, boolean overwrite, boolean failOnWarnings) {
        Map<String, Object> base = current.containsKey("openapi") ? expand(api, current).definition() : current;
        ImportOptions options = OpenApiImportSettings.of(current).options(base.get("type") instanceof String type
                ? ApiType.valueOf(type.trim().toUpperCase(Locale.ROOT)) : null).withResolver(resolver);
        ImportedApi imported = new OpenApiImporter(options).importDocument("the document put over api '" + api + "'",
                document);
        if (failOnWarnings && !imported.warnings().isEmpty()) {
            throw new InvalidDefinitionException("the document put over api '" + api + "'", imported.warnings().stream()
                    .map(w -> new Problem(w.pointer().isEmpty() ? "/" : w.pointer(), w.message()
                            + (w.line() > 0 ? " (line " + w.line() + ")" : "") + " [fail-on-warnings]"))
                    .toList());
        }
        Map<String, Object> result;
        if (overwrite) {
            result = new LinkedHashMap<>(imported.definition());
            KEPT.forEach(key -> {
                if (base.containsKey(key)) {
                    result.put(key, base.get(key));
                }
            });
        } else {
            result = mergeOver(base, imported.definition());
        }
        result.remove("openapi");
        return new Put(result, imported.warnings());
    }

    /** {@code document} merged over {@code base} as AWS's merge mode merges: whole routes and named items replaced. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeOver(Map<String, Object> base, Map<String, Object> document) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        document.forEach((key, value) -> {
            Object before = result.get(key);
            if (key.equals("routes") && before instanceof List<?> routes && value instanceof List<?> added) {
                List<Object> merged = new ArrayList<>(routes);
                for (Object route : added) {
                    Object routeKey = route instanceof Map<?, ?> map ? map.get("route-key") : null;
                    merged.removeIf(r -> r instanceof Map<?, ?> map && routeKey != null
                            && routeKey.equals(map.get("route-key")));
                    merged.add(route);
                }
                result.put(key, merged);
            } else if (key.equals("binary-media-types") && before instanceof List<?> types && value instanceof List<?> more) {
                List<Object> union = new ArrayList<>(types);
                more.stream().filter(t -> !union.contains(t)).forEach(union::add);
                result.put(key, union);
            } else if (before instanceof Map<?, ?> map && value instanceof Map<?, ?> named && !key.equals("cors")
                    && !key.equals("resource-policy")) {
                Map<String, Object> entries = new LinkedHashMap<>((Map<String, Object>) map);
                entries.putAll((Map<String, Object>) named);
                result.put(key, entries);
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    private static void report(Result result) {
        List<ImportWarning> warnings = result.imported().warnings();
        if (warnings.isEmpty()) {
            log.info("API '{}' imported from {}", result.api(), result.location());
            return;
        }
        StringBuilder message = new StringBuilder();
        warnings.forEach(w -> message.append(System.lineSeparator()).append("  - ").append(w));
        log.warn("API '{}' imported from {} with {} warning{}:{}", result.api(), result.location(), warnings.size(),
                warnings.size() == 1 ? "" : "s", message);
    }

    private String read(String location) {
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new InvalidDefinitionException(location, List.of(new Problem("openapi",
                    "no document at '" + location + "' (write classpath:... or file:...)")));
        }
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidDefinitionException(location, List.of(new Problem("openapi",
                    "cannot read '" + location + "': " + e.getMessage())));
        }
    }

    /**
     * {@code own} merged over {@code imported}: maps key by key, {@code routes} by route key (a route of
     * {@code own} with an imported route's key is merged into it, the others added), other values replaced.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> imported, Map<String, Object> own) {
        Map<String, Object> result = new LinkedHashMap<>(imported);
        own.forEach((key, value) -> {
            Object base = result.get(key);
            if (key.equals("routes") && base instanceof List<?> routes && value instanceof List<?> ownRoutes) {
                result.put(key, routes((List<Object>) routes, (List<Object>) ownRoutes));
            } else if (base instanceof Map<?, ?> baseMap && value instanceof Map<?, ?> ownMap) {
                result.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) ownMap));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> routes(List<Object> imported, List<Object> own) {
        List<Object> result = new ArrayList<>(imported);
        for (Object route : own) {
            Object key = route instanceof Map<?, ?> map ? map.get("route-key") : null;
            int index = -1;
            for (int i = 0; key != null && i < result.size(); i++) {
                if (result.get(i) instanceof Map<?, ?> candidate && key.equals(candidate.get("route-key"))) {
                    index = i;
                }
            }
            if (index >= 0) {
                result.set(index, merge((Map<String, Object>) result.get(index), (Map<String, Object>) route));
            } else {
                result.add(route);
            }
        }
        return result;
    }

    /** {@code value} with its origin: where the application wrote it, else the document's item it came from. */
    private static Object tracked(String name, Object value, String prefix, Result result,
                                  Set<ConfigurationPropertyName> written, List<ConfigurationPropertySource> sources) {
        if (written.contains(ConfigurationPropertyName.adapt(name, '.'))) {
            Origin own = origin(name, sources);
            if (own != null) {
                return OriginTrackedValue.of(value, own);
            }
        }
        // the nearest enclosing item the import recorded: routes[3].integration for routes[3].integration.uri
        String path = name.substring(prefix.length() + 1);
        DocumentItem item = result.imported().items().get(path);
        while (item == null && !path.isEmpty()) {
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
            item = result.imported().items().get(path);
        }
        return OriginTrackedValue.of(value, new DocumentOrigin(result.location(),
                item == null ? new DocumentItem("", 0) : item));
    }

    /** The names the application itself writes under {@code prefix}: only they have an origin of their own. */
    private static Set<ConfigurationPropertyName> written(String prefix, List<ConfigurationPropertySource> sources) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
        Set<ConfigurationPropertyName> names = new HashSet<>();
        for (ConfigurationPropertySource source : sources) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(root::isAncestorOf).forEach(names::add);
            }
        }
        return names;
    }

    private static @Nullable Origin origin(String name, List<ConfigurationPropertySource> sources) {
        ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
        for (ConfigurationPropertySource source : sources) {
            ConfigurationProperty found = source.getConfigurationProperty(property);
            if (found != null) {
                return found.getOrigin();
            }
        }
        return null;
    }

    /** Where an imported value comes from: the document and its item. */
    record DocumentOrigin(String location, DocumentItem item) implements Origin {

        @Override
        public String toString() {
            return location + " " + item;
        }
    }

    /** An API's {@code openapi-import} settings, read from its definition as its properties bind. */
    record OpenApiImportSettings(TollgateProperties.OpenApiImportProperties properties) {

        static OpenApiImportSettings of(Map<String, Object> definition) {
            Object settings = definition.get("openapi-import");
            Map<String, Object> tree = new LinkedHashMap<>();
            if (settings instanceof Map<?, ?> map) {
                map.forEach((k, v) -> tree.put(String.valueOf(k), v));
            }
            MapConfigurationPropertySource source = new MapConfigurationPropertySource(
                    DefinitionTrees.flatten("openapi-import", tree));
            try {
                TollgateProperties.OpenApiImportProperties properties = new Binder(source)
                        .bindOrCreate("openapi-import", Bindable.of(TollgateProperties.OpenApiImportProperties.class));
                return new OpenApiImportSettings(Objects.requireNonNull(properties));
            } catch (BindException e) {
                ConfigurationProperty property = e.getProperty();
                String name = property == null ? "openapi-import" : property.getName().toString();
                Object value = property == null ? null : property.getValue();
                Throwable cause = e.getCause() == null ? e : e.getCause();
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                String reason = name.endsWith("base-path") ? "must be ignore, prepend or split"
                        : "cannot be read: " + cause.getMessage();
                throw new InvalidDefinitionException("openapi-import", List.of(new Problem(name,
                        "'" + value + "' " + reason)));
            }
        }

        boolean failOnWarnings() {
            return properties.failOnWarnings();
        }

        ImportOptions options(@Nullable ApiType type) {
            return ImportOptions.DEFAULTS.withBasePath(properties.basePath()).withType(type)
                    .withAws(properties.region(), properties.accountId(), properties.partition())
                    .withFunctions(properties.functions()).withBackends(properties.backends());
        }
    }
}
