package io.tollgate.autoconfigure;

import io.tollgate.core.api.Problem;
import io.tollgate.core.nonproxy.TemplateCheck;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks the whole {@code tollgate.*} configuration once, before any bean is made, so that every mistake in it is
 * reported in one run rather than one per restart: properties nothing knows ({@link UnknownProperties}), values that
 * do not convert to their property's type, and the problems the APIs, their mapping templates, the usage plans and
 * the API keys have once mapped to the core model, and the APIs the usage plans name. Each problem names its property path and, where Spring Boot knows
 * it, the file and line it is written at.
 *
 * <p>The checks that need the application's beans (a function that does not exist, a feature turned off) still run
 * when the gateway is built, as do those of a usage plan's stages and routes (against the APIs that build). The API
 * checks are left to that time too when the application customises its APIs ({@link TollgateApiCustomizer} beans) or
 * declares some as beans, since a customiser may complete what the properties leave out and a plan may name a bean.
 */
final class ConfigurationCheck {

    /** What kind of problem a finding is; each has its own advice. */
    enum Kind {
        /** A property nothing knows (a misspelled key). */
        UNKNOWN,
        /** A value that does not convert to its property's type. */
        CONVERSION,
        /** A value the model refuses (a route key, a template, a limit). */
        INVALID
    }

    /**
     * One problem: the property path, what is wrong, what to do about it when more can be said than what is wrong
     * (null otherwise), and where it is written when known.
     */
    record Finding(Kind kind, String property, String message, @Nullable String fix, @Nullable Origin origin) {

        @Override
        public String toString() {
            return property + ": " + message + (origin == null ? "" : " (" + origin + ")");
        }
    }

    private ConfigurationCheck() {
    }

    /**
     * The problems of {@code environment}'s {@code tollgate.*} configuration, in the order of the checks.
     *
     * @param unknownProperties whether properties nothing knows are problems
     * @param apis              whether to check the APIs (false when the application customises them)
     */
    static List<Finding> run(ConfigurableEnvironment environment, boolean unknownProperties, boolean apis) {
        List<Finding> findings = new ArrayList<>();
        if (unknownProperties) {
            UnknownProperties.find(environment).forEach(u ->
                    findings.add(new Finding(Kind.UNKNOWN, u.name(), u.reason(), u.fix(), u.origin())));
        }
        Binder binder = Binder.get(environment);
        ConversionFailures failures = new ConversionFailures();
        TollgateProperties gateway = bind(binder, "tollgate", TollgateProperties.class, failures);
        TollgateUsageProperties usage = bind(binder, "tollgate", TollgateUsageProperties.class, failures);
        UnknownProperties.TARGETS.stream()
                .filter(t -> t.type() != TollgateProperties.class && t.type() != TollgateUsageProperties.class)
                .forEach(t -> bind(binder, t.prefix(), t.type(), failures));
        findings.addAll(failures.findings.values());
        List<Problem> problems = new ArrayList<>();
        if (apis && gateway != null) {
            ApiPropertiesMapper.map(gateway, List.of(), problems);
            templates(gateway, problems);
        }
        if (gateway != null) {
            CanaryPropertiesMapper.canaries(gateway, problems);
        }
        if (usage != null) {
            UsagePropertiesMapper.plans(usage, Instant.now(), problems);
            UsagePropertiesMapper.keys(usage, Instant.now(), problems);
            if (apis && gateway != null) {
                planApis(usage, gateway, problems);
            }
        }
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        ConfigurationPropertySources.get(environment).forEach(sources::add);
        // a value that did not convert is reported once, not again as the missing value (or object) the model sees
        problems.stream().distinct().filter(p -> !failures.explains(p.path()))
                .forEach(p -> findings.add(new Finding(Kind.INVALID, p.path(), p.message(), null, origin(p.path(), sources))));
        return findings;
    }

    /**
     * The APIs the usage plans name exist (the stages and routes they name are checked when the gateway is built,
     * against the APIs that build). Not checked when the application has {@code Api} beans: a plan may name one.
     */
    private static void planApis(TollgateUsageProperties usage, TollgateProperties gateway, List<Problem> problems) {
        usage.usagePlans().forEach((name, plan) -> {
            if (plan == null) {
                return;
            }
            for (int i = 0; i < plan.apiStages().size(); i++) {
                TollgateUsageProperties.ApiStageProperties stage = plan.apiStages().get(i);
                if (stage != null && stage.api() != null && !gateway.apis().containsKey(stage.api())) {
                    problems.add(new Problem("tollgate.usage-plans." + name + ".api-stages[" + i + "].api",
                            "no api named '" + stage.api() + "'" + (gateway.apis().isEmpty() ? ""
                                    : " (the APIs: " + String.join(", ", new TreeSet<>(gateway.apis().keySet()))
                                    + ")")));
                }
            }
        });
    }

    /**
     * Every mapping template of every API, compiled as written, so that a template's error is reported even when
     * its API has other problems (the model's own check sees only APIs that build).
     */
    private static void templates(TollgateProperties gateway, List<Problem> problems) {
        gateway.apis().forEach((name, api) -> {
            for (int i = 0; i < api.routes().size(); i++) {
                TollgateProperties.RouteProperties route = api.routes().get(i);
                TollgateProperties.IntegrationProperties integration = route == null ? null : route.integration();
                if (integration == null) {
                    continue;
                }
                String path = "tollgate.apis." + name + ".routes[" + i + "].integration";
                TemplateCheck.check(integration.requestTemplates(), path + ".request-templates", problems);
                for (int r = 0; r < integration.integrationResponses().size(); r++) {
                    TollgateProperties.IntegrationResponseProperties response = integration.integrationResponses().get(r);
                    if (response != null) {
                        TemplateCheck.check(response.responseTemplates(),
                                path + ".integration-responses[" + r + "].response-templates", problems);
                    }
                }
            }
        });
    }

    private static <T> @Nullable T bind(Binder binder, String prefix, Class<T> type, BindHandler handler) {
        try {
            BindResult<T> result = binder.bind(prefix, Bindable.of(type), handler);
            return result.orElse(null);
        } catch (RuntimeException e) {
            // a failure the handler could not turn into a finding (a record that refuses its values): the binding
            // the application does next reports it as Spring Boot does
            return null;
        }
    }

    /**
     * Where {@code path} is written: its own origin, or, for an object (a route whose integration is wrong), the
     * first property written inside it.
     */
    private static @Nullable Origin origin(String path, List<ConfigurationPropertySource> sources) {
        ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(path);
        if (name == null) {
            return null;
        }
        for (ConfigurationPropertySource source : sources) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null && property.getOrigin() != null) {
                return property.getOrigin();
            }
        }
        for (ConfigurationPropertySource source : sources) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                Optional<ConfigurationProperty> inside = iterable.stream().filter(name::isAncestorOf)
                        .map(source::getConfigurationProperty)
                        .filter(p -> p != null && p.getOrigin() != null)
                        .min(Comparator.comparing(p -> p.getName().toString()));
                if (inside.isPresent()) {
                    return inside.get().getOrigin();
                }
            }
        }
        return null;
    }

    /** Records each value that does not convert to its property's type, and lets the binding go on without it. */
    private static final class ConversionFailures extends AbstractBindHandler {

        final Map<String, Finding> findings = new LinkedHashMap<>();

        /** Whether a failed value is {@code path} or lies under it: the model's problem there follows from it. */
        boolean explains(String path) {
            return findings.keySet().stream().anyMatch(failed -> failed.equals(path) || failed.startsWith(path + ".")
                    || failed.startsWith(path + "["));
        }

        @Override
        public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                                          Exception error) throws Exception {
            ConversionFailedException conversion = find(error);
            ConfigurationProperty property = context.getConfigurationProperty();
            if (conversion == null || property == null) {
                throw error;
            }
            String key = name.toString();
            Class<?> type = conversion.getTargetType().getType();
            String values = type.isEnum() ? "one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", ")) : null;
            String message = "'" + property.getValue() + "' is not "
                    + (values != null ? values : "a valid " + typeName(type));
            findings.putIfAbsent(key, new Finding(Kind.CONVERSION, key, message,
                    "write " + (values != null ? values : "a " + typeName(type)), property.getOrigin()));
            return null;
        }

        private static @Nullable ConversionFailedException find(@Nullable Throwable error) {
            for (Throwable e = error; e != null; e = e.getCause()) {
                if (e instanceof ConversionFailedException conversion) {
                    return conversion;
                }
            }
            return null;
        }

        private static String typeName(Class<?> type) {
            return switch (type.getSimpleName()) {
                case "int", "Integer", "long", "Long" -> "whole number";
                case "double", "Double", "float", "Float" -> "number";
                case "boolean", "Boolean" -> "boolean (true or false)";
                case "Duration" -> "duration (such as 500ms, 30s or 5m)";
                case "DataSize" -> "size (such as 512KB or 10MB)";
                default -> type.getSimpleName();
            };
        }
    }
}
