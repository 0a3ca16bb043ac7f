package io.tollgate.autoconfigure;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the {@code tollgate.*} properties that nothing binds: a misspelled key ({@code api-key-requried}) would
 * otherwise be ignored, and the route it was meant to protect served without it. Each of Tollgate's
 * {@code @ConfigurationProperties} types is bound once more, by a handler that only records which names the binder
 * looked for and which it bound; every {@code tollgate.*} name of the application's property sources that it neither
 * bound nor counts as part of a value bound whole is unknown, reported with its origin (file and line) and the
 * nearest name the binder would have taken there.
 *
 * <p>Also refused: a map key with {@code $} outside brackets ({@code stages: $default:}), which Spring's binder
 * silently turns into another name ({@code default}). Environment variables are not checked: their names map to
 * properties loosely, and a machine's environment is not the application's configuration.
 */
final class UnknownProperties {

    /** Tollgate's configuration properties types, each with the prefix it binds. */
    static final List<Target> TARGETS = List.of(
            new Target("tollgate", TollgateProperties.class),
            new Target("tollgate", TollgateUsageProperties.class),
            new Target("tollgate.cache", TollgateCacheProperties.class),
            new Target("tollgate.deployments", TollgateDeploymentsProperties.class),
            new Target("tollgate.validation", TollgateValidationProperties.class),
            new Target("tollgate.observability", TollgateObservabilityProperties.class),
            new Target("tollgate.server.edge", TollgateEdgeProperties.class));

    /**
     * Names read only by conditions ({@code @ConditionalOnProperty}), not bound to a type: known, though no binder
     * takes them.
     */
    static final Set<String> CONDITION_ONLY = Set.of("tollgate.authorizers.enabled",
            "tollgate.fail-on-unknown-properties", "tollgate.startup-report.enabled");

    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("tollgate");

    private UnknownProperties() {
    }

    /** A {@code @ConfigurationProperties} type and its prefix. */
    record Target(String prefix, Class<?> type) {
    }

    /** One property nothing takes: why, and what to do about it. */
    record Unknown(String name, String reason, String fix, @Nullable Origin origin) {

        @Override
        public String toString() {
            return name + ": " + reason + (origin == null ? "" : " (" + origin + ")");
        }
    }

    /** The unknown {@code tollgate.*} properties of {@code environment}, ordered by name; empty when there are none. */
    static List<Unknown> find(ConfigurableEnvironment environment) {
        Recorder recorder = new Recorder();
        Binder binder = Binder.get(environment);
        TARGETS.forEach(target -> binder.bind(target.prefix(), Bindable.of(target.type()), recorder));
        Map<String, Unknown> unknown = new LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable && !isEnvironment(source)) {
                for (String raw : enumerable.getPropertyNames()) {
                    String key = plainDollarKey(raw);
                    if (key != null && !unknown.containsKey(key)) {
                        String segment = key.substring(key.lastIndexOf('.') + 1);
                        unknown.put(key, new Unknown(key, "'" + segment + "' loses its '$' as a plain key (Spring's"
                                + " binder keeps letters, digits and '-' of a key): write it in brackets and quotes,"
                                + " '[" + segment + "]', in YAML, or " + key.substring(0, key.lastIndexOf('.')) + "["
                                + segment + "] in a .properties file", "write the key as '[" + segment + "]'",
                                origin(source, raw)));
                    }
                }
            }
        }
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
        for (ConfigurationPropertySource source : sources) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)
                    || isEnvironment(source.getUnderlyingSource())) {
                continue;
            }
            iterable.stream().filter(ROOT::isAncestorOf).forEach(name -> {
                if (recorder.known(name, source, sources) || CONDITION_ONLY.contains(name.toString())) {
                    return;
                }
                ConfigurationPropertyName first = recorder.firstUnknown(name);
                String key = first.toString();
                if (!unknown.containsKey(key) && dollarFree(unknown, first)) {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    unknown.put(key, unknown(first, recorder, !first.equals(name),
                            property == null ? null : property.getOrigin()));
                }
            });
        }
        return unknown.values().stream().sorted(Comparator.comparing(Unknown::name)).toList();
    }

    /** Whether {@code name} is not what a {@code $} key already reported became ({@code $default} → {@code default}). */
    private static boolean dollarFree(Map<String, Unknown> unknown, ConfigurationPropertyName name) {
        return unknown.keySet().stream().noneMatch(key -> key.indexOf('$') >= 0
                && ConfigurationPropertyName.adapt(key, '.').isAncestorOf(name));
    }

    private static boolean isEnvironment(@Nullable Object source) {
        return source instanceof SystemEnvironmentPropertySource;
    }

    private static @Nullable Origin origin(PropertySource<?> source, String raw) {
        return source instanceof OriginLookup<?> ? OriginLookup.getOrigin(source, raw) : null;
    }

    /**
     * {@code raw} ({@code tollgate.*}) up to its first key written with a {@code $} outside brackets
     * ({@code tollgate.apis.shop.stages.$default}), or null when it has none.
     */
    static @Nullable String plainDollarKey(String raw) {
        if (!raw.startsWith("tollgate.")) {
            return null;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= raw.length(); i++) {
            char c = i < raw.length() ? raw.charAt(i) : '.';
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && c == '.') {
                String segment = raw.substring(start, i);
                if (segment.indexOf('$') >= 0 && segment.indexOf('[') < 0) {
                    return raw.substring(0, i);
                }
                start = i + 1;
            }
        }
        return null;
    }

    private static Unknown unknown(ConfigurationPropertyName first, Recorder recorder, boolean hasChildren,
                                   @Nullable Origin origin) {
        String written = first.getLastElement(ConfigurationPropertyName.Form.ORIGINAL);
        Set<String> candidates = recorder.children.getOrDefault(first.getParent(), Set.of());
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = DISTANCE.apply(written, candidate);
            if (distance >= 0 && distance < best) {
                best = distance;
                nearest = candidate;
            }
        }
        String what = hasChildren ? "unknown property (and everything under it)" : "unknown property";
        String name = first.toString();
        if (nearest != null && best <= Math.max(1, written.length() / 3)) {
            return new Unknown(name, what + ": did you mean '" + nearest + "'?",
                    "rename '" + written + "' to '" + nearest + "'", origin);
        }
        return candidates.isEmpty() ? new Unknown(name, what, "remove it", origin)
                : new Unknown(name, what + "; known here: " + String.join(", ", new TreeSet<>(candidates)),
                        "use one of the names known here, or remove it", origin);
    }

    /** Records what the binder looks for and what it binds, changing nothing (errors are the real binding's). */
    private static final class Recorder extends AbstractBindHandler {

        /** Every name the binder looked for. */
        final Set<ConfigurationPropertyName> attempted = new HashSet<>();
        /** The names the binder looked for under each parent, in their canonical (dashed) form. */
        final Map<ConfigurationPropertyName, Set<String>> children = new HashMap<>();
        /** Names bound as a whole value: a scalar, or a collection written as one value. */
        final Set<ConfigurationPropertyName> values = new HashSet<>();
        /** Collections bound: their elements from a lower source are overridden, not unknown. */
        final Set<ConfigurationPropertyName> collections = new HashSet<>();
        /** Values that failed to bind. */
        final Set<ConfigurationPropertyName> failed = new HashSet<>();
        /** Maps bound: an entry of one may be written empty (YAML's {@code prod: {}}), an entry of all defaults. */
        final Set<ConfigurationPropertyName> maps = new HashSet<>();

        @Override
        public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target,
                                                 BindContext context) {
            attempted.add(name);
            if (target.getType().asMap() != ResolvableType.NONE) {
                maps.add(name);
            }
            if (!name.isEmpty()) {
                children.computeIfAbsent(name.getParent(), k -> new TreeSet<>())
                        .add(name.getLastElement(ConfigurationPropertyName.Form.DASHED));
            }
            return super.onStart(name, target, context);
        }

        @Override
        public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                                          Object result) {
            ResolvableType type = target.getType();
            if (type.asCollection() != ResolvableType.NONE || type.isArray()) {
                collections.add(name);
                values.add(name);
            } else if (type.asMap() == ResolvableType.NONE && context.getConfigurationProperty() != null) {
                values.add(name);
            }
            return super.onSuccess(name, target, context, result);
        }

        @Override
        public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                                          Exception error) {
            failed.add(name); // the real binding reports it; here, go on recording
            return null;
        }

        /**
         * Whether {@code name} (of {@code source}) is known: bound as a value, or a value that failed to bind (the
         * real binding says why), or in a collection that a higher property source holds (Spring binds a collection
         * from the first source that has it, and ignores the others' elements).
         */
        boolean known(ConfigurationPropertyName name, ConfigurationPropertySource source,
                      Iterable<ConfigurationPropertySource> sources) {
            if (values.contains(name) || failed.contains(name)) {
                return true;
            }
            if (!name.isEmpty() && attempted.contains(name)
                    && (maps.contains(name) || maps.contains(name.getParent()))) {
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property != null && "".equals(property.getValue())) {
                    return true; // a map, or an entry of one, written empty: no entries, or all its defaults
                }
            }
            for (ConfigurationPropertyName parent = name.getParent(); !parent.isEmpty(); parent = parent.getParent()) {
                if (collections.contains(parent) && owner(parent, sources) != source) {
                    return true;
                }
            }
            return false;
        }

        /** The source a collection binds from: the first that holds it or anything under it. */
        private static @Nullable ConfigurationPropertySource owner(ConfigurationPropertyName collection,
                                                         Iterable<ConfigurationPropertySource> sources) {
            for (ConfigurationPropertySource candidate : sources) {
                if (candidate.getConfigurationProperty(collection) != null
                        || candidate.containsDescendantOf(collection) == ConfigurationPropertyState.PRESENT) {
                    return candidate;
                }
            }
            return null;
        }

        /** The shortest ancestor-or-self of {@code name} the binder never looked for. */
        ConfigurationPropertyName firstUnknown(ConfigurationPropertyName name) {
            List<ConfigurationPropertyName> chain = new ArrayList<>();
            for (ConfigurationPropertyName n = name; !n.isEmpty() && ROOT.isAncestorOf(n); n = n.getParent()) {
                chain.add(0, n);
            }
            for (ConfigurationPropertyName n : chain) {
                if (!attempted.contains(n)) {
                    return n;
                }
            }
            return name;
        }
    }
}
